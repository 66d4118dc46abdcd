using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Channels;

/// <summary>
/// What an admin setting a channel up sees of it: when the shop's systems last reached it, when a
/// reply last left or failed and why, and when a webhook was refused, never in the caller's words.
/// </summary>
public sealed class ChannelHealthTests : IAsyncLifetime
{
    private const string MailSecret = "mail-relay-secret-0123456789";
    private const string RelaySecret = "marketplace-relay-secret-0123456789";
    private FakeRemote _relay = null!;
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;

    public async Task InitializeAsync()
    {
        _relay = await FakeRemote.StartAsync();
        _app = new HelpdeskApp(settings: new()
        {
            ["Outbox:PollMilliseconds"] = "50", ["Outbox:FirstRetrySeconds"] = "1", ["Outbox:MaxAttempts"] = "1",
            ["Smtp:PickupDirectory"] = Directory.CreateTempSubdirectory("helpdesk-pickup-").FullName,
        });
        _admin = await _app.SignInAsync();
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
        await _relay.DisposeAsync();
    }

    private async Task<JsonElement> HealthAsync(long channel) =>
        (await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{channel}")).GetProperty("health");

    private Task<JsonElement> HealthUntilAsync(long channel, string property) =>
        Eventually.Until(() => HealthAsync(channel), h => h.TryGetProperty(property, out var v) && v.ValueKind != JsonValueKind.Null);

    private static bool IsSet(JsonElement health, string property) =>
        health.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string Mail(string messageId, string body) =>
        "From: Mette Kristensen <mette@example.dk>\r\nTo: Nordlys <support@nordlys.example>\r\nSubject: Zip\r\n" +
        $"Date: Mon, 23 Nov 2026 09:12:00 +0100\r\nMessage-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    [Fact]
    public async Task A_signed_mail_shows_when_the_email_channel_last_heard_from_its_relay()
    {
        var channel = await HelpdeskApp.CreateChannelAsync(_admin, "email", MailSecret, new { address = "support@nordlys.example" });
        var before = await HealthAsync(channel);
        Assert.False(IsSet(before, "lastReceivedAt"));
        Assert.False(IsSet(before, "lastRejectedAt"));

        var sent = DateTime.UtcNow;
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{channel}", Encoding.UTF8.GetBytes(Mail("h1@example.dk", "Hej")),
            MailSecret, "message/rfc822");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var health = await HealthUntilAsync(channel, "lastReceivedAt");
        Assert.InRange(health.GetProperty("lastReceivedAt").GetDateTime().ToUniversalTime(), sent.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));
        Assert.False(IsSet(health, "lastRejectedAt"));
    }

    [Fact]
    public async Task A_mail_with_a_wrong_signature_counts_as_a_rejected_attempt_named_by_a_fixed_reason_only()
    {
        var channel = await HelpdeskApp.CreateChannelAsync(_admin, "email", MailSecret, new { address = "support@nordlys.example" });
        const string hostile = "<img src=x onerror=alert(1)> Your secret is wrong, call +45 1234";

        var response = await _app.PostSignedAsync($"/api/webhooks/email/{channel}", Encoding.UTF8.GetBytes(Mail("h2@example.dk", hostile)),
            "not-the-channel-secret-0000", "message/rfc822");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        var health = await HealthUntilAsync(channel, "lastRejectedAt");
        Assert.Equal("signature", health.GetProperty("lastRejectedReason").GetString());
        Assert.False(IsSet(health, "lastReceivedAt"));
        var shown = await _admin.Http.GetStringAsync($"/api/channels/{channel}");
        Assert.DoesNotContain("onerror", shown);
        Assert.DoesNotContain("+45 1234", shown);
        Assert.Empty((await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=all"))!);
    }

    [Fact]
    public async Task A_reply_the_remote_refuses_shows_its_reason_and_a_later_delivery_its_time()
    {
        var channel = await HelpdeskApp.CreateChannelAsync(_admin, "marketplace", RelaySecret,
            new { replyUrl = new Uri(_relay.Address, "/replies").ToString() });
        _relay.Respond = _ => Task.FromResult((503, """{"error":{"message":"Relay is down for maintenance"}}"""));
        var ingested = await (await _app.PostSignedAsync($"/api/webhooks/marketplace/{channel}", JsonSerializer.SerializeToUtf8Bytes(new
        {
            marketplace = "amazon", messageId = "AMZ-H1", threadId = "T-H1", buyer = new { id = "BUYER1" }, body = "Where is it?",
            sentAt = "2026-11-23T09:00:00Z",
        }), RelaySecret)).Content.ReadFromJsonAsync<JsonElement>();
        var conversation = ingested.GetProperty("conversationId").GetInt64();
        Assert.True(IsSet(await HealthUntilAsync(channel, "lastReceivedAt"), "lastReceivedAt"));

        var reply = await _admin.Http.PostAsJsonAsync($"/api/conversations/{conversation}/messages",
            new { clientMessageId = "h-reply-1", body = "It ships today.", isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);

        var failed = await HealthUntilAsync(channel, "lastErrorAt");
        Assert.Contains("503", failed.GetProperty("lastError").GetString());
        Assert.Contains("Relay is down for maintenance", failed.GetProperty("lastError").GetString());
        Assert.False(IsSet(failed, "lastDeliveredAt"));

        _relay.Respond = _ => Task.FromResult((200, """{"messageId":"R-1"}"""));
        var message = (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        (await _admin.Http.PostAsync($"/api/conversations/{conversation}/messages/{message}/retry", null)).EnsureSuccessStatusCode();

        var delivered = await HealthUntilAsync(channel, "lastDeliveredAt");
        Assert.True(delivered.GetProperty("lastDeliveredAt").GetDateTime() >= failed.GetProperty("lastErrorAt").GetDateTime());
    }

    [Fact]
    public async Task Messengers_handshake_with_the_wrong_verify_token_is_a_rejected_attempt_and_with_the_right_one_a_received_one()
    {
        var channel = await HelpdeskApp.CreateChannelAsync(_admin, "messenger", "meta-app-secret-0123456789",
            new { pageId = "1000", verifyToken = "verify-me-please", pageAccessToken = "EAAB-page-token" });

        var wrong = await _app.Http().GetAsync($"/api/webhooks/messenger/{channel}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=42");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("verify-token", (await HealthUntilAsync(channel, "lastRejectedAt")).GetProperty("lastRejectedReason").GetString());

        var right = await _app.Http().GetAsync($"/api/webhooks/messenger/{channel}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=42");
        Assert.Equal("42", await right.Content.ReadAsStringAsync());
        await HealthUntilAsync(channel, "lastReceivedAt");
    }

    [Fact]
    public async Task A_shopify_order_webhook_and_a_widget_message_count_as_received()
    {
        var shopify = await HelpdeskApp.CreateChannelAsync(_admin, "shopify", "shpss_0123456789abcdef0123");
        (await _admin.Http.SendAsync(ShopifyOrderBuilder.Request(shopify, "shpss_0123456789abcdef0123", "orders/create",
            new ShopifyOrderBuilder().Customer(71, "ane@example.dk").Json))).EnsureSuccessStatusCode();
        await HealthUntilAsync(shopify, "lastReceivedAt");

        var (storefront, publicKey) = await _app.CreateStorefrontChannelAsync(_admin);
        Assert.False(IsSet(await HealthAsync(storefront), "lastReceivedAt"));
        await using var shopper = await _app.ShopperAsync(publicKey);
        await shopper.SendAsync("Do you ship to Greenland?");
        await HealthUntilAsync(storefront, "lastReceivedAt");
    }

    [Fact]
    public async Task Secrets_and_write_only_settings_are_never_returned_only_whether_they_are_set()
    {
        string[] secrets = ["storefront-identity-secret-77", "mail-relay-secret-77777777", "meta-app-secret-7777777777",
            "marketplace-secret-77777777", "shpss_7777777777777777777"];
        var ids = new List<long>
        {
            await HelpdeskApp.CreateChannelAsync(_admin, "storefront", secrets[0]),
            await HelpdeskApp.CreateChannelAsync(_admin, "email", secrets[1], new { address = "help@nordlys.example" }),
            await HelpdeskApp.CreateChannelAsync(_admin, "messenger", secrets[2],
                new { pageId = "1", verifyToken = "verify-token-777", pageAccessToken = "page-access-token-777" }),
            await HelpdeskApp.CreateChannelAsync(_admin, "marketplace", secrets[3], new { replyUrl = "https://relay.example/replies" }),
            await HelpdeskApp.CreateChannelAsync(_admin, "shopify", secrets[4]),
        };
        // A rename without the secret keeps it.
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{ids[2]}", new { name = "Facebook page", settings = new { pageId = "2" } }))
            .EnsureSuccessStatusCode();

        var shown = await _admin.Http.GetStringAsync("/api/channels") + string.Concat(await Task.WhenAll(
            ids.Select(id => _admin.Http.GetStringAsync($"/api/channels/{id}"))));
        foreach (var secret in secrets.Append("verify-token-777").Append("page-access-token-777")) Assert.DoesNotContain(secret, shown);

        var list = (await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/channels"))!;
        Assert.All(list, c => Assert.True(c.GetProperty("hasSecret").GetBoolean()));
        var messenger = list.Single(c => c.GetProperty("id").GetInt64() == ids[2]);
        Assert.Equal(["verifyToken", "pageAccessToken"], messenger.GetProperty("secretSettings").EnumerateArray().Select(s => s.GetString()!).ToArray());
        Assert.Equal("2", messenger.GetProperty("settings").GetProperty("pageId").GetString());
        Assert.True(messenger.TryGetProperty("health", out _));
    }

    [Fact]
    public async Task Hostile_settings_are_refused_by_name_and_health_cannot_be_written_through_the_api()
    {
        var channel = await HelpdeskApp.CreateChannelAsync(_admin, "email", MailSecret, new { address = "support@nordlys.example" });

        async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        var unknown = await RefusedAsync(await _admin.Http.PutAsJsonAsync($"/api/channels/{channel}",
            new { name = "Mail", settings = new { address = "support@nordlys.example", lastReceivedAt = "2030-01-01T00:00:00Z" } }));
        Assert.True(unknown.TryGetProperty("settings.lastReceivedAt", out _));
        var badAddress = await RefusedAsync(await _admin.Http.PutAsJsonAsync($"/api/channels/{channel}",
            new { name = "Mail", settings = new { address = "\"x\"@evil <script>" } }));
        Assert.True(badAddress.TryGetProperty("settings.address", out _));
        var badUrl = await RefusedAsync(await _admin.Http.PostAsJsonAsync("/api/channels",
            new { kind = "marketplace", name = "M", secret = RelaySecret, settings = new { replyUrl = "javascript:alert(1)" } }));
        Assert.True(badUrl.TryGetProperty("settings.replyUrl", out _));
        var shortSecret = await RefusedAsync(await _admin.Http.PostAsJsonAsync("/api/channels", new { kind = "shopify", name = "S", secret = "short" }));
        Assert.True(shortSecret.TryGetProperty("secret", out _));
        var huge = await RefusedAsync(await _admin.Http.PostAsJsonAsync("/api/channels",
            new { kind = "email", name = "E", settings = new { displayName = new string('x', 30_000) } }));
        Assert.True(huge.TryGetProperty("settings", out _) || huge.TryGetProperty("settings.displayName", out _));

        // Properties the API does not take are not stored: the health line stays the channel's own.
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{channel}", new
        {
            name = "Support mail", settings = new { address = "support@nordlys.example" },
            health = new { lastReceivedAt = "2030-01-01T00:00:00Z", lastError = "hacked" },
        })).EnsureSuccessStatusCode();
        var after = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{channel}");
        Assert.Equal("Support mail", after.GetProperty("name").GetString());
        Assert.False(IsSet(after.GetProperty("health"), "lastReceivedAt"));
        Assert.False(IsSet(after.GetProperty("health"), "lastError"));
    }
}
