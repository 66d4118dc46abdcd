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
/// Two real helpdesk processes behind no balancer, on one PostgreSQL and one Redis, as a shop that
/// outgrew one machine runs them: whichever node a shopper and an agent reach, they behave as one.
/// </summary>
public sealed class TwoNodesTests : IAsyncLifetime
{
    private const string StoreSecret = "storefront-secret-0123456789";
    private readonly string _data = Directory.CreateTempSubdirectory("helpdesk-nodes-").FullName;
    private readonly List<NodeProcess> _nodes = [];
    private readonly List<IAsyncDisposable> _participants = [];
    private RedisServer? _ownRedis;
    /// <summary>Each test's helpdesk has its own prefix on the run's one Redis, as several helpdesks sharing one.</summary>
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var p in _participants) await p.DisposeAsync();
        foreach (var n in _nodes) await n.DisposeAsync();
        _ownRedis?.Dispose();
    }

    /// <summary>Two nodes on one PostgreSQL database (which holds the key ring as well) and one Redis.</summary>
    private async Task<(NodeProcess A, NodeProcess B)> StartNodesAsync(
        RedisServer? redis = null, Dictionary<string, string?>? extra = null, Dictionary<string, string?>? extraB = null)
    {
        redis ??= RedisServer.Shared;
        // One PostgreSQL database for both; its key ring too, so what one node signs the other reads.
        var database = PostgresServer.DatabaseFor(_data);
        NodeProcess Node(string name, Dictionary<string, string?>? own)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Helpdesk"] = database,
                ["Smtp:PickupDirectory"] = Path.Combine(_data, "pickup"),
                ["Redis:Configuration"] = redis.Configuration,
                ["Redis:ChannelPrefix"] = _prefix,
                ["Redis:NodeTimeoutSeconds"] = "3",
                ["Outbox:PollMilliseconds"] = "100",
            };
            foreach (var (k, v) in own ?? []) settings[k] = v;
            var node = new NodeProcess(name, settings);
            _nodes.Add(node);
            return node;
        }
        var a = Node("A", extra);
        // One after the other: the first applies the migrations and seeds the admin.
        await a.StartAsync();
        var b = Node("B", extraB ?? extra);
        await b.StartAsync();
        return (a, b);
    }

    private T Keep<T>(T participant) where T : IAsyncDisposable
    {
        _participants.Add(participant);
        return participant;
    }

    private async Task<(Agent Agent, string PublicKey, long ChannelId)> ShopAsync(NodeProcess node)
    {
        var admin = Keep(await node.SignInAsync());
        var response = await admin.Http.PostAsJsonAsync("/api/channels", new { kind = "storefront", name = "Test shop", secret = StoreSecret });
        response.EnsureSuccessStatusCode();
        var channel = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (admin, channel.GetProperty("publicKey").GetString()!, channel.GetProperty("id").GetInt64());
    }

    private static async Task<string> PresenceOnAsync(Agent viewer, long agentId)
    {
        var agents = await viewer.Http.GetFromJsonAsync<JsonElement[]>("/api/agents");
        return agents!.Single(a => a.GetProperty("id").GetInt64() == agentId).GetProperty("presence").GetString()!;
    }

    private static async Task<string> HealthAsync(NodeProcess node)
    {
        using var http = node.Http();
        var response = await http.GetAsync("/health");
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Fact]
    public async Task A_shopper_on_one_node_and_an_agent_on_the_other_talk_live_both_ways()
    {
        var (a, b) = await StartNodesAsync();
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
        agent.Inbox.On<InboxReadEvent>("Read", e => agentRead.TrySetResult(e));
        await shopper.Widget.InvokeAsync("MarkRead", answer.Id);
        Assert.Equal(answer.Id, (await agentRead.Task.WaitAsync(TimeSpan.FromSeconds(10))).UpToId);

        // The same sign-in cookie (one key ring) opens an inbox on A; choosing away there is heard on B.
        var onA = Keep(await a.SignInAsync());
        await onA.ConnectAsync();
        await onA.Inbox!.InvokeAsync("SetPresence", "away");
        await presence.WaitForAsync(p => p.AgentId == onA.Id && p.Presence == "away");
        Assert.Equal("away", await PresenceOnAsync(agent, onA.Id));
        await onA.Inbox!.InvokeAsync("SetPresence", "online");
        await presence.WaitForAsync(p => p.AgentId == onA.Id && p.Presence == "online");
    }

    [Fact]
    public async Task A_cookie_issued_by_one_node_is_accepted_by_the_other()
    {
        var (a, b) = await StartNodesAsync();
        var cookies = new CookieContainer();
        using var onA = a.Http(cookies);
        (await onA.PostAsJsonAsync("/api/auth/login", new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword })).EnsureSuccessStatusCode();
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = b.Address };
        onB.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(a.Address));
        var me = await onB.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task An_agent_online_on_one_node_counts_on_the_other_until_their_node_dies()
    {
        var (a, b) = await StartNodesAsync();
        var (admin, publicKey, _) = await ShopAsync(b);
        var presence = new Inboxed<PresenceEvent>();
        (await admin.ConnectAsync()).On<PresenceEvent>("PresenceChanged", presence.Add);
        await admin.Inbox!.InvokeAsync("SetPresence", "away");

        var agentResponse = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Jonas", email = "jonas@example.com", password = "jonas-password-1", role = "agent", chatCapacity = 3 });
        agentResponse.EnsureSuccessStatusCode();
        var jonas = Keep(await a.SignInAsync("jonas@example.com", "jonas-password-1"));
        await jonas.ConnectAsync();
        await presence.WaitForAsync(p => p.AgentId == jonas.Id && p.Presence == "online");
        Assert.Equal("online", await PresenceOnAsync(admin, jonas.Id));

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
        await Eventually.Until(() => PresenceOnAsync(admin, jonas.Id), p => p == "offline", TimeSpan.FromSeconds(15));
        await presence.WaitForAsync(p => p.AgentId == jonas.Id && p.Presence == "offline", TimeSpan.FromSeconds(15));
        var later = Keep(await b.ShopperAsync(new { publicKey, name = "Bo" }));
        Assert.False(later.Session.GetProperty("agentsOnline").GetBoolean());
    }

    [Fact]
    public async Task Access_revoked_on_one_node_closes_the_connections_on_the_other_at_once()
    {
        var (a, b) = await StartNodesAsync();
        var (admin, publicKey, _) = await ShopAsync(b);
        (await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Jonas", email = "jonas@example.com", password = "jonas-password-1", role = "agent", chatCapacity = 3 })).EnsureSuccessStatusCode();
        var jonas = Keep(await a.SignInAsync("jonas@example.com", "jonas-password-1"));
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
        var survey = new Dictionary<string, string?> { ["Store:PublicUrl"] = "https://help.shop.example", ["Surveys:PollMilliseconds"] = "50" };
        // Only A's survey loop looks within the test: B's would look next in ten minutes.
        var (a, b) = await StartNodesAsync(extra: survey, extraB: new(survey) { ["Surveys:PollMilliseconds"] = "600000" });
        var (_, publicKey, _) = await ShopAsync(a);

        var shopper = Keep(await b.ShopperAsync(new
        {
            publicKey, name = "Mette", locale = "en",
            identity = new { customerId = "c-1", signature = HelpdeskApp.IdentitySignature(StoreSecret, "c-1") },
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
        order.Headers.Add("X-Api-Key", StoreSecret);
        (await store.SendAsync(order)).EnsureSuccessStatusCode();

        // A sends it, and knows through Redis that the shopper's widget is open on B.
        var invitation = await shopper.Messages.WaitForAsync(m => m.Sender == "auto", TimeSpan.FromSeconds(20));
        Assert.Contains("https://help.shop.example/survey/", invitation.Body);
    }

    [Fact]
    public async Task A_schedule_change_on_one_node_applies_on_the_other_at_once()
    {
        var (a, b) = await StartNodesAsync();
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

        string[] Sent() => smtp.Received.Select(d => MimeMessage.Load(new MemoryStream(d.Data)).TextBody.Split('\n')[0].Trim()).ToArray();
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
        Assert.StartsWith("200 Healthy", await HealthAsync(a));

        _ownRedis.Stop();
        await Eventually.Until(() => HealthAsync(a), h => h.StartsWith("200 Degraded"));
        // Each node's own shoppers and agents still talk, and every send is acknowledged at once.
        var duringA = await shopperOnA.SendAsync("During the outage, on A").WaitAsync(TimeSpan.FromSeconds(5));
        await agentOnA.Messages.WaitForAsync(m => m.Id == duringA.Id);
        var answer = await agentOnA.ReplyAsync(duringA.ConversationId, "Still here on A").WaitAsync(TimeSpan.FromSeconds(5));
        await shopperOnA.Messages.WaitForAsync(m => m.Id == answer.Id);
        var duringB = await shopperOnB.SendAsync("During the outage, on B").WaitAsync(TimeSpan.FromSeconds(5));
        await agentOnB.Messages.WaitForAsync(m => m.Id == duringB.Id);

        _ownRedis.Start();
        await Eventually.Until(() => HealthAsync(b), h => h.StartsWith("200 Healthy"), TimeSpan.FromSeconds(30));
        await Eventually.Until(() => HealthAsync(a), h => h.StartsWith("200 Healthy"), TimeSpan.FromSeconds(30));
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
        // Nothing acknowledged meanwhile was lost.
        var stored = await agentOnB.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{duringA.ConversationId}");
        Assert.Contains(stored.GetProperty("messages").EnumerateArray(), m => m.GetProperty("id").GetInt64() == duringA.Id);
    }
}
