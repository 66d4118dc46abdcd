using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>Who views a conversation is one list for the agents of every node, and a dead node's viewers leave it.</summary>
public sealed class ViewersOnTwoNodesTests : IAsyncLifetime
{
    private readonly TwoNodes _nodes = new(null, new() { ["Redis:NodeTimeoutSeconds"] = "3" });
    private readonly List<IAsyncDisposable> _participants = [];

    private T Keep<T>(T participant) where T : IAsyncDisposable
    {
        _participants.Add(participant);
        return participant;
    }

    public Task InitializeAsync() => _nodes.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var p in _participants) await p.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task Agents_on_two_nodes_see_each_other_in_a_conversation_until_one_node_dies()
    {
        var (a, b) = (_nodes.A, _nodes.B);
        var (admin, publicKey, _) = await TwoNodes.ShopAsync(b);
        Keep(admin);
        var shopper = Keep(await b.ShopperAsync(new { publicKey, name = "Emily" }));
        var conversation = (await shopper.SendAsync("Has my parcel left?")).ConversationId;

        var (email, password) = await TwoNodes.NewAgentAsync(admin);
        var onA = Keep(await a.SignInAsync(email, password));
        var seenOnA = new Inboxed<ViewersEvent>();
        (await onA.ConnectAsync()).On<ViewersEvent>("Viewers", seenOnA.Add);
        var seenOnB = new Inboxed<ViewersEvent>();
        (await admin.ConnectAsync()).On<ViewersEvent>("Viewers", seenOnB.Add);

        await onA.Inbox!.InvokeAsync("ViewConversation", conversation);
        await seenOnB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Any(x => x.Id == onA.Id));
        await admin.Inbox!.InvokeAsync("ViewConversation", conversation);
        await seenOnA.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 2);
        await seenOnB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 2);
        // An inbox opened later on either node is told the same.
        var late = Keep(await a.SignInAsync());
        await late.ConnectAsync();
        var now = await late.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers");
        Assert.Equal(2, Assert.Single(now, v => v.ConversationId == conversation).Agents.Count);

        a.Kill();
        // Redis:NodeTimeoutSeconds is 3: B's heartbeat finds A's viewers gone soon after.
        await seenOnB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 1 && v.Agents[0].Id == admin.Id,
            TimeSpan.FromSeconds(15));
        var still = await admin.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers");
        Assert.Equal([admin.Id], Assert.Single(still, v => v.ConversationId == conversation).Agents.Select(x => x.Id));
    }
}
