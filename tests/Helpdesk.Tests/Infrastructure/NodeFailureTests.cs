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
/// Two real nodes on one PostgreSQL and one Redis, one of which dies (SIGKILL) or loses Redis: nothing
/// acknowledged is lost, nothing is done twice, and the survivors carry on. Each test has its own pair.
/// </summary>
public sealed class NodeFailureTests : IAsyncLifetime
{
    private readonly List<TwoNodes> _pairs = [];
    private RedisServer? _ownRedis;
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
        foreach (var pair in _pairs) await pair.DisposeAsync();
        _ownRedis?.Dispose();
    }

    private async Task<(NodeProcess A, NodeProcess B)> StartNodesAsync(RedisServer? redis = null, Dictionary<string, string?>? extra = null)
    {
        var pair = new TwoNodes(redis, extra);
        _pairs.Add(pair);
        await pair.InitializeAsync();
        return (pair.A, pair.B);
    }

    [Fact]
    public async Task An_agent_online_on_one_node_counts_on_the_other_until_their_node_dies()
    {
        var (a, b) = await StartNodesAsync();
        var (admin, publicKey, _) = await ShopAsync(b);
        var presence = new Inboxed<PresenceEvent>();
        (await admin.ConnectAsync()).On<PresenceEvent>("PresenceChanged", presence.Add);
        await admin.Inbox!.InvokeAsync("SetPresence", "away");

        var (email, password) = await TwoNodes.NewAgentAsync(admin);
        var jonas = Keep(await a.SignInAsync(email, password));
        await jonas.ConnectAsync();
        await presence.WaitForAsync(p => p.AgentId == jonas.Id && p.Presence == "online");
        Assert.Equal("online", await TwoNodes.PresenceOnAsync(admin, jonas.Id));

        // A new chat on B is offered to the agent whose inbox is open on A.
        var shopper = Keep(await b.ShopperAsync(new { publicKey, name = "Anna" }));
        Assert.True(shopper.Session.GetProperty("agentsOnline").GetBoolean());
        var question = await shopper.SendAsync("Hello?");
        var offered = await Eventually.Until(
            () => admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{question.ConversationId}"),
            c => c.GetProperty("assignee").ValueKind == JsonValueKind.Object);
        Assert.Equal(jonas.Id, offered.GetProperty("assignee").GetProperty("id").GetInt64());

        a.Kill();
        // Redis:NodeTimeoutSeconds is 3: the dead node's agents are offline on B soon after.
        await Eventually.Until(() => TwoNodes.PresenceOnAsync(admin, jonas.Id), p => p == "offline", TimeSpan.FromSeconds(15));
        await presence.WaitForAsync(p => p.AgentId == jonas.Id && p.Presence == "offline", TimeSpan.FromSeconds(15));
        var later = Keep(await b.ShopperAsync(new { publicKey, name = "Bo" }));
        Assert.False(later.Session.GetProperty("agentsOnline").GetBoolean());
    }

    [Fact]
    public async Task Forty_outbox_replies_are_sent_once_across_both_nodes_while_one_is_killed()
    {
        await using var smtp = new FakeSmtpServer();
        var (a, b) = await StartNodesAsync(extra: new()
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(), ["Smtp:Security"] = "None",
            ["Outbox:LeaseSeconds"] = "10",
        });
        var onA = Keep(await a.SignInAsync());
        var onB = Keep(await b.SignInAsync());
        const string secret = "mail-relay-secret-0123456789";
        var channel = await onA.Http.PostAsJsonAsync("/api/channels",
            new { kind = "email", name = "Mail", secret, settings = new { address = "support@shop.example" } });
        channel.EnsureSuccessStatusCode();
        var channelId = (await channel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var conversations = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var mime = $"From: Customer {i} <customer{i}@example.com>\r\nTo: <support@shop.example>\r\nSubject: Order {i}\r\n" +
                $"Message-ID: <question-{i}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhere is order {i}?\r\n";
            var body = Encoding.UTF8.GetBytes(mime);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/email/{channelId}") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
            request.Headers.Add("X-Helpdesk-Signature", HelpdeskApp.Sha256Signature(secret, body));
            var ingested = await onB.Http.SendAsync(request);
            ingested.EnsureSuccessStatusCode();
            conversations.Add((await ingested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64());
        }

        Task<HttpResponseMessage> Reply(Agent agent, int n) => agent.Http.PostAsJsonAsync($"/api/conversations/{conversations[n % 8]}/messages",
            new { clientMessageId = $"reply-{n}", body = $"Reply number {n}.", isPrivate = false });
        for (var n = 0; n < 20; n++) (await Reply(n % 2 == 0 ? onA : onB, n)).EnsureSuccessStatusCode();
        // A dies with whatever it had claimed; B takes those over when A's leases run out.
        a.Kill();
        for (var n = 20; n < 40; n++) (await Reply(onB, n)).EnsureSuccessStatusCode();

        string[] Sent() => smtp.Received.Select(d => (MimeMessage.Load(new MemoryStream(d.Data)).TextBody ?? "").Split('\n')[0].Trim()).ToArray();
        await Eventually.Until(() => Task.FromResult(Sent().Distinct().Count()), c => c == 40, TimeSpan.FromSeconds(40));
        await Task.Delay(1000);
        var sent = Sent();
        Assert.Equal(Enumerable.Range(0, 40).Select(n => $"Reply number {n}.").Order(), sent.Order());
    }

    [Fact]
    public async Task A_node_killed_under_chat_load_loses_no_acknowledged_message()
    {
        var (a, b) = await StartNodesAsync();
        var (agent, publicKey, _) = await ShopAsync(b);
        await agent.ConnectAsync();
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => a.ShopperAsync(new { publicKey, name = $"Shopper {i}" })));
        foreach (var s in shoppers) Keep(s);

        var acknowledged = new ConcurrentBag<MessageDto>();
        var sending = shoppers.Select((s, i) => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                try
                {
                    acknowledged.Add(await s.SendAsync($"message {n} from shopper {i}"));
                }
                catch (Exception)
                {
                    return; // the node is gone: what was not acknowledged may be lost, and the widget says so
                }
            }
        })).ToArray();
        await Eventually.Until(() => Task.FromResult(acknowledged.Count), c => c >= 100);
        a.Kill();
        await Task.WhenAll(sending);

        var stored = new Dictionary<long, string>();
        foreach (var conversation in acknowledged.Select(m => m.ConversationId).Distinct())
        {
            var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
            foreach (var m in detail.GetProperty("messages").EnumerateArray())
                stored[m.GetProperty("id").GetInt64()] = m.GetProperty("body").GetString()!;
        }
        Assert.All(acknowledged, m => Assert.Equal(m.Body, stored.GetValueOrDefault(m.Id)));
    }

    [Fact]
    public async Task Chat_goes_on_on_each_node_while_Redis_is_down_and_across_nodes_once_it_returns()
    {
        _ownRedis = new RedisServer();
        var (a, b) = await StartNodesAsync(_ownRedis);
        var (agentOnA, publicKey, _) = await ShopAsync(a);
        await agentOnA.ConnectAsync();
        var agentOnB = Keep(await b.SignInAsync());
        await agentOnB.ConnectAsync();
        var shopperOnA = Keep(await a.ShopperAsync(new { publicKey, name = "Anna" }));
        var shopperOnB = Keep(await b.ShopperAsync(new { publicKey, name = "Bo" }));
        var fromB = await shopperOnB.SendAsync("Before the outage");
        await agentOnA.Messages.WaitForAsync(m => m.Id == fromB.Id);
        Assert.StartsWith("200 Healthy", await TwoNodes.HealthAsync(a));

        _ownRedis.Stop();
        await Eventually.Until(() => TwoNodes.HealthAsync(a), h => h.StartsWith("200 Degraded"));
        // Each node's own shoppers and agents still talk, and every send is acknowledged at once.
        var duringA = await shopperOnA.SendAsync("During the outage, on A").WaitAsync(TimeSpan.FromSeconds(5));
        await agentOnA.Messages.WaitForAsync(m => m.Id == duringA.Id);
        var answer = await agentOnA.ReplyAsync(duringA.ConversationId, "Still here on A").WaitAsync(TimeSpan.FromSeconds(5));
        await shopperOnA.Messages.WaitForAsync(m => m.Id == answer.Id);
        var duringB = await shopperOnB.SendAsync("During the outage, on B").WaitAsync(TimeSpan.FromSeconds(5));
        await agentOnB.Messages.WaitForAsync(m => m.Id == duringB.Id);
        // A shopper who arrives meanwhile is served by their node alone, and reached from A once Redis is back.
        var arrivedDuring = Keep(await b.ShopperAsync(new { publicKey, name = "Cai" }));
        var fromCai = await arrivedDuring.SendAsync("Arrived during the outage").WaitAsync(TimeSpan.FromSeconds(5));
        await agentOnB.Messages.WaitForAsync(m => m.Id == fromCai.Id);

        _ownRedis.Start();
        await Eventually.Until(() => TwoNodes.HealthAsync(b), h => h.StartsWith("200 Healthy"), TimeSpan.FromSeconds(30));
        await Eventually.Until(() => TwoNodes.HealthAsync(a), h => h.StartsWith("200 Healthy"), TimeSpan.FromSeconds(30));
        // Across nodes again: a shopper on B reaches the agent on A, and the reply comes back.
        var after = await Eventually.Until(async () =>
        {
            var sent = await shopperOnB.SendAsync("After the outage");
            try
            {
                return await agentOnA.Messages.WaitForAsync(m => m.Id == sent.Id, TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                return null;
            }
        }, m => m is not null, TimeSpan.FromSeconds(30));
        var reply = await agentOnA.ReplyAsync(after!.ConversationId, "Welcome back");
        await shopperOnB.Messages.WaitForAsync(m => m.Id == reply.Id);
        var toCai = await agentOnA.ReplyAsync(fromCai.ConversationId, "Welcome, Cai");
        await arrivedDuring.Messages.WaitForAsync(m => m.Id == toCai.Id);
        // Nothing acknowledged meanwhile was lost.
        var stored = await agentOnB.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{duringA.ConversationId}");
        Assert.Contains(stored.GetProperty("messages").EnumerateArray(), m => m.GetProperty("id").GetInt64() == duringA.Id);
    }
}
