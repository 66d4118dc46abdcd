using System.Net;
using System.Text;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>Every anonymous endpoint answers 429 to an address over its limit, and only to that address.</summary>
public sealed class EndpointRateLimitTests
{
    private static async Task<HttpStatusCode> SendAsync(HelpdeskApp app, HttpMethod method, string path, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
            request.Content = new StringContent("{}", Encoding.UTF8, path.Contains("/email/") ? "message/rfc822" : "application/json");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await app.Http().SendAsync(request)).StatusCode;
    }

    public static TheoryData<string, string, string> AnonymousEndpoints => new()
    {
        { "POST", "/api/webhooks/shopify/1", "WebhooksPerMinute" },
        { "POST", "/api/webhooks/email/1", "WebhooksPerMinute" },
        { "GET", "/api/webhooks/messenger/1", "WebhooksPerMinute" },
        { "POST", "/api/webhooks/messenger/1", "WebhooksPerMinute" },
        { "POST", "/api/webhooks/marketplace/1", "WebhooksPerMinute" },
        { "POST", "/api/orders", "WebhooksPerMinute" },
        { "GET", "/api/surveys/no-such-token", "PublicPerMinute" },
        { "POST", "/api/surveys/no-such-token", "PublicPerMinute" },
        { "POST", "/api/surveys/no-such-token/unsubscribe", "PublicPerMinute" },
        { "GET", "/survey/no-such-token", "PublicPerMinute" },
        { "DELETE", "/api/widget/sessions", "WidgetSessionsPerMinute" },
    };

    [Theory]
    [MemberData(nameof(AnonymousEndpoints))]
    public async Task An_anonymous_endpoint_is_limited_per_address(string method, string path, string limit)
    {
        await using var app = new HelpdeskApp(settings: new() { [$"RateLimits:{limit}"] = "2" });
        var verb = new HttpMethod(method);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app, verb, path));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app, verb, path));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(app, verb, path));
    }

    [Fact]
    public async Task Behind_a_proxy_each_webhook_sender_has_its_own_limit()
    {
        await using var app = new HelpdeskApp(settings: new()
        {
            ["RateLimits:WebhooksPerMinute"] = "2", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app, HttpMethod.Post, "/api/orders", "203.0.113.7"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app, HttpMethod.Post, "/api/orders", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(app, HttpMethod.Post, "/api/orders", "203.0.113.7"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await SendAsync(app, HttpMethod.Post, "/api/orders", "198.51.100.20"));
    }
}
