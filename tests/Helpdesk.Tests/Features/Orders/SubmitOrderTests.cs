using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Orders;

public sealed class SubmitOrderTests : IAsyncLifetime
{
    private const string ApiKey = "store-api-key-0123456789";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        await _app.CreateStorefrontChannelAsync(_admin, ApiKey);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> SubmitAsync(object order, string key = ApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(order) };
        request.Headers.Add("X-Api-Key", key);
        return _app.Http().SendAsync(request);
    }

    private static object Order(string externalId, string status = "paid", decimal total = 59.90m, string currency = "EUR") => new
    {
        externalId, number = $"W-{externalId}", customer = new { externalId = "c-17", email = "ola@example.no", name = "Ola Nordmann", phone = "+47 912 34 567" },
        placedAt = "2026-11-02T09:30:00Z", total, currency, status,
        lines = new[] { new { sku = "FL-MID", name = "Fleece mid-layer", quantity = 1, price = 59.90m } },
    };

    [Fact]
    public async Task Orders_are_upserted_by_external_id()
    {
        var first = await (await SubmitAsync(Order("A-1"))).Content.ReadFromJsonAsync<JsonElement>();
        var again = await SubmitAsync(Order("A-1", "delivered"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("orderId").GetInt64(), second.GetProperty("orderId").GetInt64());

        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{second.GetProperty("customerId").GetInt64()}");
        var order = Assert.Single(customer.GetProperty("orders").EnumerateArray());
        Assert.Equal("delivered", order.GetProperty("status").GetString());
        Assert.Equal("Ola Nordmann", customer.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_wrong_api_key_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(Order("B-1"), "wrong-key")).StatusCode);
        Assert.Empty(await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/customers?query=ola@example.no") ?? []);
    }

    [Fact]
    public async Task Bad_orders_are_refused_naming_each_field_and_nothing_is_stored()
    {
        var response = await SubmitAsync(new { externalId = "", total = -1, currency = "XYZ", status = "shipped", customer = new { }, lines = new[] { new { name = "", quantity = 0, price = -1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "externalId", "number", "customer", "placedAt", "total", "currency", "status", "lines[0].name", "lines[0].quantity", "lines[0].price" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");
    }

    [Fact]
    public async Task A_null_line_is_a_bad_request_not_a_server_error()
    {
        var response = await SubmitAsync(new
        {
            externalId = "N-1", number = "N-1", customer = new { email = "n@example.com" }, placedAt = "2026-11-02T09:30:00Z",
            total = 10m, currency = "EUR", status = "paid", lines = new object?[] { null },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("lines[0]", out _));
    }

    private static object Tracked(string externalId, object? tracking) => new
    {
        externalId, number = $"W-{externalId}", customer = new { externalId = $"c-{externalId}", email = $"{externalId}@example.no" },
        placedAt = "2026-11-02T09:30:00Z", total = 59.90m, currency = "EUR", status = "fulfilled", tracking,
    };

    private async Task<JsonElement> OrderAsync(HttpResponseMessage submitted)
    {
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var customerId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerId").GetInt64();
        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{customerId}");
        return Assert.Single(customer.GetProperty("orders").EnumerateArray());
    }

    [Fact]
    public async Task Tracking_is_stored_kept_when_not_sent_and_replaced_when_sent_again()
    {
        var order = await OrderAsync(await SubmitAsync(Tracked("T-1", new[]
        {
            new { company = "Bring", number = "70701234567890123", url = "https://sporing.bring.no/sporing/70701234567890123" },
        })));
        var entry = Assert.Single(order.GetProperty("tracking").EnumerateArray());
        Assert.Equal("Bring", entry.GetProperty("company").GetString());
        Assert.Equal("https://sporing.bring.no/sporing/70701234567890123", entry.GetProperty("url").GetString());

        order = await OrderAsync(await SubmitAsync(Tracked("T-1", null)));
        Assert.Equal("70701234567890123", Assert.Single(order.GetProperty("tracking").EnumerateArray()).GetProperty("number").GetString());

        order = await OrderAsync(await SubmitAsync(Tracked("T-1", new[] { new { company = "Posten", number = "LA123456789NO" } })));
        Assert.Equal("LA123456789NO", Assert.Single(order.GetProperty("tracking").EnumerateArray()).GetProperty("number").GetString());
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)", "tracking[0].url")]
    [InlineData("data:text/html,<script>alert(1)</script>", "tracking[0].url")]
    [InlineData("sporing.bring.no/sporing/1", "tracking[0].url")]
    [InlineData("https://sporing.bring.no@evil.example/", "tracking[0].url")]
    public async Task A_tracking_link_that_is_not_a_web_address_is_refused_and_nothing_is_stored(string url, string field)
    {
        var response = await SubmitAsync(Tracked("X-1", new[] { new { company = "Bring", number = "1", url } }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/customers?query=X-1@example.no") ?? []);
    }

    [Fact]
    public async Task Too_much_tracking_is_refused_naming_each_field()
    {
        var tooLong = await SubmitAsync(Tracked("L-1", new object[]
        {
            new { company = new string('C', 101), number = new string('7', 101), url = "https://carrier.example/?id=" + new string('1', 2000) },
            new { company = "Bring" },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var errors = (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "tracking[0].company", "tracking[0].number", "tracking[0].url", "tracking[1].number" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");

        var tooMany = await SubmitAsync(Tracked("L-2", Enumerable.Range(1, 21).Select(i => new { number = $"N{i}" }).ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("tracking", out _));

        var nullEntry = await SubmitAsync(Tracked("L-3", new object?[] { null }));
        Assert.Equal(HttpStatusCode.BadRequest, nullEntry.StatusCode);
        Assert.Empty(await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/customers?query=L-1@example.no") ?? []);
    }
}
