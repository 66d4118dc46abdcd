using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Outbox;

public sealed class OutboxDeliveryTests
{
    private const string Secret = "marketplace-relay-secret-0123456789";

    private static object Buyer(string messageId, string threadId = "T-1") => new
    {
        marketplace = "ebay", messageId, threadId, buyer = new { id = "buyer-1", name = "Ola Nordmann" },
        body = "Can you combine shipping for my two orders?", sentAt = "2026-11-23T08:00:00Z",
    };

    private static async Task<long> ConversationAsync(HelpdeskApp app, long channel, string messageId = "E-1")
    {
        var response = await app.PostSignedAsync($"/api/webhooks/marketplace/{channel}", JsonSerializer.SerializeToUtf8Bytes(Buyer(messageId)), Secret);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
    }

    private static async Task<long> ReplyAsync(Agent agent, long conversationId, string body)
    {
        var response = await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = Guid.NewGuid().ToString("N"), body, isPrivate = false });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<string[]> StatusesAsync(Agent agent, long conversationId) =>
        (await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}")).GetProperty("messages").EnumerateArray()
        .Where(m => m.GetProperty("sender").GetString() == "agent")
        .Select(m => m.GetProperty("delivery").GetProperty("status").GetString()!).ToArray();

    private static string[] SentIds(FakeRemote relay) =>
        relay.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messageId").GetString()!).ToArray();

    [Fact]
    public async Task A_restart_in_the_middle_of_delivery_sends_every_message_exactly_once()
    {
        await using var relay = await FakeRemote.StartAsync();
        relay.Respond = async _ =>
        {
            await Task.Delay(400);
            return (200, "{}");
        };
        var settings = new Dictionary<string, string?> { ["Outbox:PollMilliseconds"] = "50", ["Outbox:Parallelism"] = "1" };
        long conversationId;
        var folder = Directory.CreateTempSubdirectory("helpdesk-restart-").FullName;
        await using (var first = new HelpdeskApp(folder, settings))
        {
            await using var admin = await first.SignInAsync();
            var channel = await HelpdeskApp.CreateChannelAsync(admin, "marketplace", Secret, new { replyUrl = new Uri(relay.Address, "/r").ToString() });
            conversationId = await ConversationAsync(first, channel);
            for (var i = 0; i < 5; i++) await ReplyAsync(admin, conversationId, $"Reply {i}");
            // Stopped while the first reply is on its way.
            await Eventually.Until(() => Task.FromResult(relay.Requests.Count), n => n >= 1);
        }
        var sentBeforeRestart = relay.Requests.Count;
        Assert.InRange(sentBeforeRestart, 1, 4);

        await using var second = new HelpdeskApp(folder, settings);
        await using var agent = await second.SignInAsync();
        await Eventually.Until(() => StatusesAsync(agent, conversationId), s => s.All(x => x == "sent"), TimeSpan.FromSeconds(30));

        var ids = SentIds(relay);
        Assert.Equal(5, ids.Length);
        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task Two_app_nodes_on_one_database_send_each_message_once()
    {
        await using var relay = await FakeRemote.StartAsync();
        relay.Respond = async _ =>
        {
            await Task.Delay(10);
            return (200, "{}");
        };
        var settings = new Dictionary<string, string?> { ["Outbox:PollMilliseconds"] = "20", ["Outbox:Parallelism"] = "2" };
        var folder = Directory.CreateTempSubdirectory("helpdesk-two-nodes-").FullName;
        await using var nodeA = new HelpdeskApp(folder, settings);
        await using var adminA = await nodeA.SignInAsync();
        await using var nodeB = new HelpdeskApp(folder, settings);
        await using var adminB = await nodeB.SignInAsync();
        var channel = await HelpdeskApp.CreateChannelAsync(adminA, "marketplace", Secret, new { replyUrl = new Uri(relay.Address, "/r").ToString() });
        var conversationId = await ConversationAsync(nodeA, channel);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => ReplyAsync(i % 2 == 0 ? adminA : adminB, conversationId, $"Reply {i}")));

        await Eventually.Until(() => StatusesAsync(adminA, conversationId), s => s.Length == 40 && s.All(x => x == "sent"), TimeSpan.FromSeconds(60));
        var ids = SentIds(relay);
        Assert.Equal(40, ids.Length);
        Assert.Equal(40, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_send_interrupted_by_a_dead_node_is_sent_again_under_the_same_id_except_on_messenger_where_an_agent_decides()
    {
        await using var relay = await FakeRemote.StartAsync();
        await using var graph = await FakeRemote.StartAsync();
        await using var app = new HelpdeskApp(settings: new() { ["Outbox:PollMilliseconds"] = "50" });
        await using var admin = await app.SignInAsync();
        var marketplace = await HelpdeskApp.CreateChannelAsync(admin, "marketplace", Secret, new { replyUrl = new Uri(relay.Address, "/r").ToString() });
        var messenger = await HelpdeskApp.CreateChannelAsync(admin, "messenger", "facebook-app-secret-0123456789",
            new { pageAccessToken = "page-token-0123456789", graphApiBaseUrl = graph.Address.ToString() });
        var marketplaceConversation = await ConversationAsync(app, marketplace);
        var webhook = """{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"77"},"recipient":{"id":"1"},"timestamp":1,"message":{"mid":"m_1","text":"Hi"}}]}]}""";
        (await app.PostSignedAsync($"/api/webhooks/messenger/{messenger}", Encoding.UTF8.GetBytes(webhook), "facebook-app-secret-0123456789",
            header: "X-Hub-Signature-256")).EnsureSuccessStatusCode();
        var messengerConversation = (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?kind=messenger"))![0].GetProperty("id").GetInt64();
        await ReplyAsync(admin, marketplaceConversation, "On its way");
        await ReplyAsync(admin, messengerConversation, "On its way");
        await Eventually.Until(async () => (await StatusesAsync(admin, marketplaceConversation)).Concat(await StatusesAsync(admin, messengerConversation)).ToArray(),
            s => s.All(x => x == "sent"));

        // As a node that died mid-send leaves them: claimed, the claim long expired.
        await using (var db = await app.OpenDatabaseAsync())
        {
            var command = db.CreateCommand();
            command.CommandText = "UPDATE Outbox SET Status = 'sending', LockedBy = 'dead-node', LockedUntil = '2000-01-01 00:00:00'";
            await command.ExecuteNonQueryAsync();
        }

        await Eventually.Until(() => Task.FromResult(relay.Requests.Count), n => n == 2);
        Assert.Single(SentIds(relay).Distinct());
        var interrupted = await Eventually.Until(
            () => admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{messengerConversation}"),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "failed");
        Assert.Contains("may or may not have reached", interrupted.GetProperty("messages")[1].GetProperty("delivery").GetProperty("error").GetString());
        Assert.Single(graph.Requests);
        Assert.Equal(["sent"], await Eventually.Until(() => StatusesAsync(admin, marketplaceConversation), s => s.All(x => x == "sent")));
    }
}
