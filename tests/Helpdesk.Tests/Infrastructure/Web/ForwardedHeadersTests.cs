using System.Net;
using System.Net.Http.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>Per-address limits count the client behind a configured proxy, and only behind one.</summary>
public sealed class ForwardedHeadersTests
{
    private static async Task<HttpStatusCode> StartSessionAsync(HelpdeskApp app, string publicKey, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/sessions") { Content = JsonContent.Create(new { publicKey }) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await app.Http().SendAsync(request)).StatusCode;
    }

    private static async Task<(HelpdeskApp App, string PublicKey)> StartAsync(params (string, string?)[] settings)
    {
        var all = new Dictionary<string, string?> { ["RateLimits:WidgetSessionsPerMinute"] = "2" };
        foreach (var (key, value) in settings) all[key] = value;
        var app = new HelpdeskApp(settings: all);
        var admin = await app.SignInAsync();
        return (app, (await app.CreateStorefrontChannelAsync(admin)).PublicKey);
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_shopper_has_their_own_limit()
    {
        var (app, key) = await StartAsync(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await StartSessionAsync(app, key, "203.0.113.7"));

        // Another shopper behind the same proxy is not held back by the first one.
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "198.51.100.20"));
    }

    [Fact]
    public async Task A_known_network_is_believed_like_a_known_proxy()
    {
        var (app, key) = await StartAsync(("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"));
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "203.0.113.8"));
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "198.51.100.21"));
    }

    [Fact]
    public async Task A_client_that_is_no_known_proxy_cannot_choose_its_address()
    {
        var (app, key) = await StartAsync();
        await using var _ = app;
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "203.0.113.9"));
        Assert.Equal(HttpStatusCode.OK, await StartSessionAsync(app, key, "198.51.100.22"));
        // A made-up X-Forwarded-For does not buy a fresh limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StartSessionAsync(app, key, "192.0.2.33"));
    }

    [Fact]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start()
    {
        var app = new HelpdeskApp(settings: new() { ["ForwardedHeaders:KnownProxies:0"] = "not-an-address" });
        await using var _ = app;
        var e = Assert.ThrowsAny<Exception>(() => app.Address);
        Assert.Contains("KnownProxies", e.ToString());
    }
}
