using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Channels;

public sealed class MarketplaceChannelTests : IAsyncLifetime
{
    private const string Secret = "marketplace-relay-secret-0123456789";
    private const string ShopSecret = "shop-api-key-0123456789";
    private FakeRemote _relay = null!;
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _relay = await FakeRemote.StartAsync();
        _relay.Respond = _ => Task.FromResult((200, """{"messageId":"AMZ-REPLY-1"}"""));
        _app = new HelpdeskApp(settings: new()
        {
            ["Outbox:PollMilliseconds"] = "50", ["Outbox:FirstRetrySeconds"] = "1",
            // A slow target for new customers, so the marketplace's own 24-hour cap is what decides.
            ["Priority:Async:New"] = "2880",
        });
        _admin = await _app.SignInAsync();
        _channel = await HelpdeskApp.CreateChannelAsync(_admin, "marketplace", Secret, new { replyUrl = new Uri(_relay.Address, "/replies").ToString() });
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
        await _relay.DisposeAsync();
    }

    private static object Message(string messageId, string body, string buyerId = "A2BUYER77", string? orderExternalId = null,
        string threadId = "T-100") => new
    {
        marketplace = "amazon", messageId, threadId, buyer = new { id = buyerId, name = "Jonas Madsen", email = (string?)null },
        orderExternalId, subject = "Question about order 404-1234567", body, sentAt = "2026-11-23T09:00:00Z",
    };

    private async Task<HttpResponseMessage> PostAsync(object message, string? signature = null) =>
        await _app.PostSignedAsync($"/api/webhooks/marketplace/{_channel}", JsonSerializer.SerializeToUtf8Bytes(message), Secret, signature: signature);

    private async Task<JsonElement> IngestAsync(object message)
    {
        var response = await PostAsync(message);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> ConversationAsync(long id) => await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    [Fact]
    public async Task A_buyer_writing_about_an_order_is_that_orders_customer_with_their_history_and_priority()
    {
        await HelpdeskApp.CreateChannelAsync(_admin, "shopify", ShopSecret);
        for (var i = 0; i < 2; i++)
            await _app.SubmitOrderAsync(ShopSecret, new
            {
                externalId = $"404-000000{i}", number = $"#20{i}", customer = new { email = "jonas@example.dk", name = "Jonas Madsen" },
                placedAt = "2026-10-01T10:00:00Z", total = 120m, currency = "EUR", status = "paid",
            });

        var ingested = await IngestAsync(Message("AMZ-1", "Where is my order?", orderExternalId: "404-0000001"));

        var conversation = await ConversationAsync(ingested.GetProperty("conversationId").GetInt64());
        Assert.Equal("returning", conversation.GetProperty("customer").GetProperty("tier").GetString());
        Assert.Equal(2, conversation.GetProperty("customer").GetProperty("orderCount").GetInt32());
        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{conversation.GetProperty("customer").GetProperty("id").GetInt64()}");
        Assert.Contains(customer.GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("kind").GetString() == "marketplace-buyer-id" && i.GetProperty("value").GetString() == "amazon:A2BUYER77");

        // Next time the buyer id alone says who it is, even about no order.
        var later = await IngestAsync(Message("AMZ-2", "And do you sell gaiters?", threadId: "T-200"));
        Assert.Equal(customer.GetProperty("id").GetInt64(),
            (await ConversationAsync(later.GetProperty("conversationId").GetInt64())).GetProperty("customer").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_marketplace_reply_cap_sets_the_due_time()
    {
        var ingested = await IngestAsync(Message("AMZ-CAP", "Is this waterproof?"));

        var conversation = await ConversationAsync(ingested.GetProperty("conversationId").GetInt64());
        var createdAt = conversation.GetProperty("messages")[0].GetProperty("createdAt").GetDateTime();
        var dueAt = conversation.GetProperty("priority").GetProperty("dueAt").GetDateTime();
        Assert.InRange(dueAt - createdAt, TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Bad_messages_are_refused_naming_the_field_and_replays_are_stored_once()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(Message("AMZ-X", "hi"), signature: "sha256=" + new string('1', 64))).StatusCode);
        var missing = await PostAsync(new { marketplace = "amazon", messageId = "AMZ-Y", threadId = "T-1", buyer = new { }, body = "", sentAt = (string?)null });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("buyer.id", out _));
        Assert.True(errors.TryGetProperty("body", out _));
        Assert.True(errors.TryGetProperty("sentAt", out _));
        var broken = await _app.PostSignedAsync($"/api/webhooks/marketplace/{_channel}", "{\"marketplace\":"u8.ToArray(), Secret);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty((await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=all"))!);

        var first = await IngestAsync(Message("AMZ-Z", "Hello"));
        var replay = await IngestAsync(Message("AMZ-Z", "Hello"));
        Assert.True(replay.GetProperty("duplicate").GetBoolean());
        Assert.Single((await ConversationAsync(first.GetProperty("conversationId").GetInt64())).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task A_reply_to_a_relay_that_is_down_is_queued_retried_and_delivered_signed_once_it_recovers()
    {
        var failures = 2;
        _relay.Respond = _ => Task.FromResult(Interlocked.Decrement(ref failures) >= 0
            ? (503, """{"title":"Service unavailable"}""")
            : (200, """{"messageId":"AMZ-REPLY-9"}"""));
        var ingested = await IngestAsync(Message("AMZ-R", "My boots are too small, can I exchange them?"));
        var conversationId = ingested.GetProperty("conversationId").GetInt64();
        await _admin.ConnectAsync();
        var deliveries = new List<JsonElement>();
        _admin.Inbox!.On<JsonElement>("MessageDelivery", e => { lock (deliveries) deliveries.Add(e); });

        var reply = await _admin.ReplyAsync(conversationId, "Of course, here is your exchange label.");

        var retrying = await Eventually.Until(() => ConversationAsync(conversationId),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.Contains("503", retrying.GetProperty("messages")[1].GetProperty("delivery").GetProperty("error").GetString());
        await Eventually.Until(() => ConversationAsync(conversationId),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "sent", TimeSpan.FromSeconds(30));

        var requests = _relay.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        var last = requests[^1];
        Assert.Equal("/replies", last.Path);
        Assert.Equal(HelpdeskApp.Sha256Signature(Secret, last.Body), last.Headers["X-Helpdesk-Signature"]);
        var sent = JsonDocument.Parse(last.Body).RootElement;
        Assert.Equal("amazon", sent.GetProperty("marketplace").GetString());
        Assert.Equal("T-100", sent.GetProperty("threadId").GetString());
        Assert.Equal("A2BUYER77", sent.GetProperty("buyerId").GetString());
        Assert.Equal("AMZ-R", sent.GetProperty("inReplyTo").GetString());
        Assert.Equal("Of course, here is your exchange label.", sent.GetProperty("body").GetString());
        // Every attempt carries the same id, so the relay can recognise a resend.
        Assert.Single(requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("messageId").GetString()).Distinct());
        // The agent watched it happen: sending, back in the queue with the reason, sending, sent
        // (the last event may reach the inbox just after the stored status says so).
        List<string?> Statuses()
        {
            lock (deliveries)
                return deliveries.Where(d => d.GetProperty("messageId").GetInt64() == reply.Id)
                    .Select(d => d.GetProperty("delivery").GetProperty("status").GetString()).ToList();
        }
        var statuses = await Eventually.Until(() => Task.FromResult(Statuses()), s => s.LastOrDefault() == "sent");
        Assert.Equal("sending", statuses[0]);
        Assert.Contains("queued", statuses);
    }
}
