using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Chat;

public sealed class WidgetSessionTests : IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private readonly HelpdeskApp _app = new();
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        var admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(admin, Secret)).PublicKey;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Sign(string customerId) => HelpdeskApp.IdentitySignature(Secret, customerId);

    private Task<HttpResponseMessage> StartAsync(object body) => _app.Http().PostAsJsonAsync("/api/widget/sessions", body);

    [Fact]
    public async Task A_verified_storefront_customer_is_the_same_customer_in_every_session()
    {
        var identity = new { customerId = "shop-42", email = "mette@example.com", signature = Sign("shop-42") };
        var first = await (await StartAsync(new { publicKey = _publicKey, identity })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await StartAsync(new { publicKey = _publicKey, identity })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("customerId").GetInt64(), second.GetProperty("customerId").GetInt64());
    }

    [Fact]
    public async Task After_a_signed_in_customer_signs_out_the_browser_starts_an_anonymous_chat()
    {
        var identity = new { customerId = "shop-77", signature = Sign("shop-77") };
        var signedIn = await (await StartAsync(new { publicKey = _publicKey, identity })).Content.ReadFromJsonAsync<JsonElement>();
        await using var shopper = new Shopper(_app, signedIn.GetProperty("visitorToken").GetString()!, signedIn);
        await shopper.ConnectAsync();
        await shopper.SendAsync("My order number is 1047");

        // The same browser, no identity any more: none of the signed-in customer's chat is reachable.
        await using var next = await _app.ShopperAsync(_publicKey, visitorToken: shopper.Token);
        Assert.NotEqual(signedIn.GetProperty("customerId").GetInt64(), next.Session.GetProperty("customerId").GetInt64());
        Assert.Equal(JsonValueKind.Null, next.Session.GetProperty("conversationId").ValueKind);
        Assert.Empty(await next.GetMessagesAsync());
    }

    [Fact]
    public async Task After_a_customer_with_orders_signs_out_the_browser_starts_an_anonymous_chat()
    {
        await _app.SubmitOrderAsync(Secret, new
        {
            externalId = "SO-1", number = "SO-1", customer = new { externalId = "shop-88", email = "buyer@example.com", name = "Real Buyer" },
            placedAt = "2026-11-02T09:30:00Z", total = 40m, currency = "EUR", status = "paid",
        });

        var signedIn = await (await StartAsync(new { publicKey = _publicKey, identity = new { customerId = "shop-88", signature = Sign("shop-88") } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Real Buyer", signedIn.GetProperty("name").GetString());
        var next = await (await StartAsync(new { publicKey = _publicKey, visitorToken = signedIn.GetProperty("visitorToken").GetString() }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(signedIn.GetProperty("customerId").GetInt64(), next.GetProperty("customerId").GetInt64());
        Assert.NotEqual("Real Buyer", next.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task A_bad_identity_signature_is_refused()
    {
        var forged = await StartAsync(new { publicKey = _publicKey, identity = new { customerId = "shop-42", signature = Sign("shop-43") } });
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        var malformed = await StartAsync(new { publicKey = _publicKey, identity = new { customerId = "shop-42", signature = "XYZ" } });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var problem = await malformed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("identity.signature", out _));
    }

    [Fact]
    public async Task A_visitor_token_continues_the_same_visitor_and_a_forged_one_starts_afresh()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var sent = await shopper.SendAsync("Hello");
        var again = await (await StartAsync(new { publicKey = _publicKey, visitorToken = shopper.Token })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sent.ConversationId, again.GetProperty("conversationId").GetInt64());

        var forged = await (await StartAsync(new { publicKey = _publicKey, visitorToken = shopper.Token + "x" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, forged.GetProperty("conversationId").ValueKind);
        Assert.NotEqual(shopper.Session.GetProperty("customerId").GetInt64(), forged.GetProperty("customerId").GetInt64());
    }

    [Fact]
    public async Task Malformed_session_requests_get_a_problem_naming_the_field()
    {
        var response = await _app.Http().PostAsync("/api/widget/sessions",
            new StringContent("{\"publicKey\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);

        var badEmail = await StartAsync(new { publicKey = _publicKey, email = "not-an-email" });
        var problem = await badEmail.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }
}
