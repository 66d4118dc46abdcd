using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR.Client;
using MimeKit;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// Two real nodes on one PostgreSQL and one Redis, both running throughout: whichever node a shopper
/// and an agent reach, they behave as one.
/// </summary>
public sealed class TwoNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>, IAsyncLifetime
{
    private readonly TwoNodes _nodes = nodes;
    private readonly List<IAsyncDisposable> _participants = [];

    private T Keep<T>(T participant) where T : IAsyncDisposable
    {
        _participants.Add(participant);
        return participant;
    }

    private async Task<(Agent Admin, string PublicKey, long ChannelId)> ShopAsync(NodeProcess node)
    {
        var shop = await TwoNodes.ShopAsync(node);
        Keep(shop.Admin);
        return shop;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var p in _participants) await p.DisposeAsync();
    }

    [Fact]
    public async Task A_shopper_on_one_node_and_an_agent_on_the_other_talk_live_both_ways()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        var (agent, publicKey, _) = await ShopAsync(b);
        var presence = new Inboxed<PresenceEvent>();
        (await agent.ConnectAsync()).On<PresenceEvent>("PresenceChanged", presence.Add);

        // The agent's inbox is open on B: a shopper arriving on A is told someone is online.
        var shopper = Keep(await a.ShopperAsync(new { publicKey, name = "Anna" }));
        Assert.True(shopper.Session.GetProperty("agentsOnline").GetBoolean());

        var question = await shopper.SendAsync("Does the jacket come in blue?");
        await agent.Messages.WaitForAsync(m => m.Id == question.Id);
        var answer = await agent.ReplyAsync(question.ConversationId, "It does, in navy.");
        Assert.Equal("It does, in navy.", (await shopper.Messages.WaitForAsync(m => m.Id == answer.Id)).Body);

        await shopper.Widget.InvokeAsync("Typing", true);
        Assert.True((await agent.Typing.WaitForAsync(t => t.ConversationId == question.ConversationId && t.Sender == "customer")).IsTyping);
        await agent.Inbox!.InvokeAsync("Typing", question.ConversationId, true);
        Assert.Equal("agent", (await shopper.Typing.WaitForAsync(t => t.IsTyping && t.Sender == "agent")).Sender);

        var read = new TaskCompletionSource<long>();
        shopper.Widget.On<JsonElement>("Read", e => read.TrySetResult(e.GetProperty("upToId").GetInt64()));
        await agent.Inbox!.InvokeAsync("MarkRead", question.ConversationId, question.Id);
        Assert.Equal(question.Id, await read.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var agentRead = new TaskCompletionSource<InboxReadEvent>();
        agent.Inbox!.On<InboxReadEvent>("Read", e => agentRead.TrySetResult(e));
        await shopper.Widget.InvokeAsync("MarkRead", answer.Id);
        Assert.Equal(answer.Id, (await agentRead.Task.WaitAsync(TimeSpan.FromSeconds(10))).UpToId);

        // The same sign-in cookie (one key ring) opens an inbox on A; choosing away there is heard on B.
        var onA = Keep(await a.SignInAsync());
        await onA.ConnectAsync();
        await onA.Inbox!.InvokeAsync("SetPresence", "away");
        await presence.WaitForAsync(p => p.AgentId == onA.Id && p.Presence == "away");
        Assert.Equal("away", await TwoNodes.PresenceOnAsync(agent, onA.Id));
        await onA.Inbox!.InvokeAsync("SetPresence", "online");
        await presence.WaitForAsync(p => p.AgentId == onA.Id && p.Presence == "online");
    }

    [Fact]
    public async Task A_cookie_issued_by_one_node_is_accepted_by_the_other()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        var cookies = new CookieContainer();
        using var onA = a.Http(cookies);
        (await onA.PostAsJsonAsync("/api/auth/login", new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword })).EnsureSuccessStatusCode();
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = b.Address };
        onB.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(a.Address));
        var me = await onB.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Access_revoked_on_one_node_closes_the_connections_on_the_other_at_once()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        var (admin, publicKey, _) = await ShopAsync(b);
        var (email, password) = await TwoNodes.NewAgentAsync(admin);
        var jonas = Keep(await a.SignInAsync(email, password));
        var inboxClosed = new TaskCompletionSource();
        (await jonas.ConnectAsync()).Closed += _ => { inboxClosed.TrySetResult(); return Task.CompletedTask; };
        var shopper = Keep(await a.ShopperAsync(new { publicKey, name = "Anna" }));
        var widgetClosed = new TaskCompletionSource();
        shopper.Widget.Closed += _ => { widgetClosed.TrySetResult(); return Task.CompletedTask; };

        // Well before the once-a-minute check each node makes of its own connections.
        (await admin.Http.PutAsJsonAsync($"/api/agents/{jonas.Id}", new { disabled = true })).EnsureSuccessStatusCode();
        await inboxClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var onB = b.Http();
        using var end = new HttpRequestMessage(HttpMethod.Delete, "/api/widget/sessions");
        end.Headers.Authorization = new("Bearer", shopper.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await onB.SendAsync(end)).StatusCode);
        await widgetClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_survey_sent_by_one_node_reaches_the_live_widget_on_the_other()
    {
        // The shared pair: only A's survey loop looks within the test, B's in ten minutes.
        var (a, b) = (_nodes.A, _nodes.B);
        var (_, publicKey, _) = await ShopAsync(a);

        var shopper = Keep(await b.ShopperAsync(new
        {
            publicKey, name = "Mette", locale = "en",
            identity = new { customerId = "c-1", signature = HelpdeskApp.IdentitySignature(TwoNodes.StoreSecret, "c-1") },
        }));
        var delivered = DateTimeOffset.UtcNow.AddDays(-2);
        using var store = a.Http();
        using var order = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                externalId = "7001", number = "#7001", customer = new { externalId = "c-1", email = "mette@example.dk", name = "Mette" },
                placedAt = delivered.AddDays(-3), total = 89.95m, currency = "EUR", status = "delivered",
                fulfilledAt = delivered.AddDays(-1), deliveredAt = delivered,
                lines = new[] { new { sku = "FL-MID", name = "Fleece mid-layer", quantity = 1, price = 89.95m } },
            }),
        };
        order.Headers.Add("X-Api-Key", TwoNodes.StoreSecret);
        (await store.SendAsync(order)).EnsureSuccessStatusCode();

        // A sends it, and knows through Redis that the shopper's widget is open on B.
        var invitation = await shopper.Messages.WaitForAsync(m => m.Sender == "auto", TimeSpan.FromSeconds(20));
        Assert.Contains("https://help.shop.example/survey/", invitation.Body);
    }

    [Fact]
    public async Task A_schedule_change_on_one_node_applies_on_the_other_at_once()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        var (adminOnA, publicKey, channelId) = await ShopAsync(a);
        var shopper = Keep(await b.ShopperAsync(new { publicKey, name = "Anna", locale = "en" }));
        // Open (no hours yet): B reads and keeps the schedule, and no after-hours reply comes.
        var first = await shopper.SendAsync("Are you there?");
        await Task.Delay(500);
        Assert.DoesNotContain(await shopper.GetMessagesAsync(), m => m.Sender == "auto");

        // On A: open only on a weekday three days from now, so closed now.
        var day = ((DateTime.UtcNow.DayOfWeek + 3) is var d && (int)d > 6 ? d - 7 : d).ToString().ToLowerInvariant();
        var response = await adminOnA.Http.PutAsJsonAsync($"/api/channels/{channelId}/business-hours", new
        {
            timeZone = "UTC", weekly = new[] { new { day, open = "09:00", close = "10:00" } }, exceptions = Array.Empty<object>(),
        });
        response.EnsureSuccessStatusCode();

        // B would keep its copy for 30 seconds; it hears of the change instead.
        await shopper.SendAsync("Hello again?");
        var reply = await shopper.Messages.WaitForAsync(m => m.Sender == "auto", TimeSpan.FromSeconds(5));
        Assert.Equal(first.ConversationId, reply.ConversationId);
    }
}
