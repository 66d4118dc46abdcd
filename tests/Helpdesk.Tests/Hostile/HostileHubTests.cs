using System.Reflection;
using Helpdesk.Features.Chat;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Helpdesk.Tests.Hostile;

/// <summary>
/// Every method of both hubs, found by reflection so that new ones are attacked too, fed wrong types,
/// nulls, huge and unicode-edge values and wrong argument counts: each call is answered (a result or a
/// HubException, never an unexpected server error), and the other users' connections carry on.
/// </summary>
public sealed class HostileHubTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new(settings: new()
    {
        ["RateLimits:WidgetSessionsPerMinute"] = "1000000",
        ["RateLimits:VisitorMessagesPerMinute"] = "1000000",
    });
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static readonly object?[] Values =
    [
        null, "", "x", HostileValues.UnicodeEdge, new string('A', 30_000), -1, 0, long.MaxValue, long.MinValue, 1e308, true,
        new Dictionary<string, object?>(), new Dictionary<string, object?> { ["conversationId"] = "abc", ["body"] = 42, ["clientMessageId"] = new[] { 1 } },
        new Dictionary<string, object?> { ["clientMessageId"] = new string('c', 5000), ["body"] = HostileValues.UnicodeEdge },
        new object?[] { null, "two", 3 },
    ];

    public static IEnumerable<MethodInfo> Methods(Type hub) =>
        hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync)));

    [Fact]
    public async Task Every_hub_method_answers_hostile_arguments_and_nobody_else_is_disturbed()
    {
        // Bystanders: a shopper and an agent who chat throughout.
        await using var shopper = await _app.ShopperAsync(_publicKey, "Bystander");
        await _admin.ConnectAsync();
        var first = await shopper.SendAsync("Hello before the attack");

        await using var attackerShopper = await _app.ShopperAsync(_publicKey, "Attacker");
        await attackerShopper.SendAsync("I am about to misbehave");
        var attackerAgent = await _app.SignInAsync();
        await attackerAgent.ConnectAsync();

        var failures = new List<string>();
        var calls = 0;
        foreach (var (hub, connection) in new[] { (typeof(WidgetHub), attackerShopper.Widget), (typeof(InboxHub), attackerAgent.Inbox!) })
            foreach (var method in Methods(hub))
            {
                var arity = method.GetParameters().Length;
                var argumentLists = new List<object?[]> { Array.Empty<object?>(), Enumerable.Repeat<object?>(1, arity + 2).ToArray() };
                for (var position = 0; position < arity; position++)
                    foreach (var value in Values)
                    {
                        var arguments = Enumerable.Range(0, arity).Select(i => (object?)(i == position ? value : 1L)).ToArray();
                        argumentLists.Add(arguments);
                    }
                foreach (var arguments in argumentLists)
                {
                    calls++;
                    try
                    {
                        await connection.InvokeCoreAsync(method.Name, typeof(object), arguments).WaitAsync(TimeSpan.FromSeconds(10));
                    }
                    catch (HubException e) when (IsAnswer(e))
                    {
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{hub.Name}.{method.Name}({Describe(arguments)}): {e.GetType().Name}: {e.Message}");
                    }
                    if (connection.State != HubConnectionState.Connected)
                    {
                        failures.Add($"{hub.Name}.{method.Name}({Describe(arguments)}) ended the caller's own connection");
                        await connection.StartAsync();
                    }
                }
            }
        output.WriteLine($"{calls} hostile hub calls");

        // A frame over the hub's size limit ends only the sender's own connection.
        await using var oversized = await _app.ShopperAsync(_publicKey, "Oversized");
        await Assert.ThrowsAnyAsync<Exception>(() => oversized.SendAsync(new string('B', 100_000)).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(HubConnectionState.Connected, shopper.Widget.State);
        Assert.Equal(HubConnectionState.Connected, _admin.Inbox!.State);
        var after = await shopper.SendAsync("Hello after the attack");
        await _admin.Messages.WaitForAsync(m => m.Id == after.Id);
        var reply = await _admin.ReplyAsync(first.ConversationId, "Still here");
        await shopper.Messages.WaitForAsync(m => m.Id == reply.Id);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} failures of {calls} calls)");
        await attackerAgent.DisposeAsync();
    }

    /// <summary>
    /// A deliberate refusal (the server's HubException is named in the message) or arguments that do not
    /// bind ("Failed to invoke … due to an error on the server"); a failure nobody meant reaches the
    /// client as a bare "An unexpected error occurred invoking …".
    /// </summary>
    private static bool IsAnswer(HubException e) =>
        e.Message.Contains("HubException: ") || !e.Message.StartsWith("An unexpected error occurred", StringComparison.Ordinal);

    private static string Describe(object?[] arguments) =>
        string.Join(", ", arguments.Select(a => a switch
        {
            null => "null",
            string s => s.Length > 20 ? $"\"{s[..10]}…\"({s.Length})" : $"\"{s}\"",
            _ => a.GetType().Name,
        }));
}
