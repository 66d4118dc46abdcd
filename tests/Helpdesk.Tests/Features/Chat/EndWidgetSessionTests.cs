using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Chat;

/// <summary>A visitor token stops working when the storefront signs its customer out, or when it is revoked.</summary>
public sealed class EndWidgetSessionTests : IAsyncLifetime
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

    private object SignedIn(string customerId, string? visitorToken = null) => new
    {
        publicKey = _publicKey, visitorToken,
        identity = new { customerId, signature = HelpdeskApp.IdentitySignature(Secret, customerId) },
    };

    private static Task<HttpResponseMessage> EndAsync(HelpdeskApp app, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/api/widget/sessions");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.Http().SendAsync(request);
    }

    /// <summary>Whether a fresh hub connection with this token is let in.</summary>
    private static async Task<bool> CanConnectAsync(HelpdeskApp app, string token)
    {
        await using var connection = app.Hub("/hubs/widget", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token));
        try
        {
            await connection.StartAsync();
            // A connection the server lets in and then closes at once is not let in either.
            await connection.InvokeAsync<JsonElement[]>("GetMessages", 0L);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static TaskCompletionSource Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource();
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        return closed;
    }

    [Fact]
    public async Task After_the_storefront_signs_the_customer_out_the_old_token_reaches_nothing()
    {
        await using var customer = await _app.ShopperAsync(SignedIn("shop-77"));
        await customer.SendAsync("My order number is 1047");
        var closed = Closed(customer.Widget);

        // The same browser after sign-out: the widget's next session call carries the old token but no identity.
        await using var next = await _app.ShopperAsync(new { publicKey = _publicKey, visitorToken = customer.Token });

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(await CanConnectAsync(_app, customer.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await EndAsync(_app, customer.Token)).StatusCode);
        // Nor does the old token bring the signed-in customer's chat back through a session call.
        var again = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = _publicKey, visitorToken = customer.Token }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(customer.Session.GetProperty("customerId").GetInt64(), again.GetProperty("customerId").GetInt64());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("conversationId").ValueKind);
        // The new anonymous visitor chats as usual.
        Assert.Empty(await next.GetMessagesAsync());
    }

    [Fact]
    public async Task Signing_in_as_someone_else_ends_the_previous_customers_token()
    {
        await using var first = await _app.ShopperAsync(SignedIn("shop-81"));
        await first.SendAsync("About my parcel");
        var closed = Closed(first.Widget);

        await using var second = await _app.ShopperAsync(SignedIn("shop-82", first.Token));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(await CanConnectAsync(_app, first.Token));
        Assert.True(await CanConnectAsync(_app, second.Token));
    }

    [Fact]
    public async Task The_same_customer_signed_in_again_keeps_their_token()
    {
        await using var customer = await _app.ShopperAsync(SignedIn("shop-90"));
        var sent = await customer.SendAsync("Still there?");
        var again = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions", SignedIn("shop-90", customer.Token)))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(sent.ConversationId, again.GetProperty("conversationId").GetInt64());
        Assert.True(await CanConnectAsync(_app, customer.Token));
    }

    [Fact]
    public async Task A_visitor_can_end_their_session_and_it_stays_ended_after_a_restart()
    {
        var shopper = await _app.ShopperAsync(SignedIn("shop-95"));
        await shopper.SendAsync("Hello");
        var closed = Closed(shopper.Widget);

        Assert.Equal(HttpStatusCode.Unauthorized, (await EndAsync(_app, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await EndAsync(_app, shopper.Token + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await EndAsync(_app, shopper.Token)).StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(await CanConnectAsync(_app, shopper.Token));
        await shopper.DisposeAsync();

        await _app.DisposeAsync();
        await using var restarted = new HelpdeskApp(_app.DataDirectory);
        Assert.False(await CanConnectAsync(restarted, shopper.Token));
    }
}
