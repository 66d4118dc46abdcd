using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>An anonymous caller cannot make the helpdesk read megabytes of JSON; a route that needs more says so.</summary>
public sealed class BodyLimitTests
{
    [Fact]
    public async Task An_oversized_anonymous_json_body_is_refused_as_too_large()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);

        var response = await app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = key, name = new string('a', 100 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_visitor_token_anyone_can_get_does_not_lift_the_limit()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await app.ShopperAsync(key);
        var http = app.Http();
        http.DefaultRequestHeaders.Authorization = new("Bearer", shopper.Token);

        var request = await http.PostAsJsonAsync("/api/widget/verification", new { email = new string('a', 1024 * 1024) + "@example.com" });
        var confirm = await http.PostAsJsonAsync("/api/widget/verification/confirm", new { code = new string('1', 1024 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, request.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, confirm.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_of_unknown_length_is_refused_as_too_large()
    {
        await using var app = new HelpdeskApp();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { email = HelpdeskApp.AdminEmail, password = new string('p', 200 * 1024) });
        // No Content-Length: the limit holds while reading, not only by what the client declares.
        using var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_large_order_from_a_store_is_still_accepted()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        await HelpdeskApp.CreateChannelAsync(admin, "shopify", "shop-secret-0123456789");
        // The most lines an order may have, each with a long name: well over 64 KB.
        var lines = Enumerable.Range(1, 500).Select(i => new
        {
            sku = $"SKU-{i:00000}", name = $"Merino wool hiking sock, size {i % 5 + 38}, " + new string('x', 200), quantity = 1, price = 37.5m,
        });

        var order = await app.SubmitOrderAsync("shop-secret-0123456789", new
        {
            externalId = "big-1", number = "#9001", customer = new { email = "big@example.com" }, placedAt = DateTimeOffset.UtcNow,
            total = 18750m, currency = "EUR", status = "paid", lines,
        });

        Assert.True(order.GetProperty("orderId").GetInt64() > 0);
    }
}
