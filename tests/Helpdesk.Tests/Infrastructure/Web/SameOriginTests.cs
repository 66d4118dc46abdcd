using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>
/// A page on another site cannot use a signed-in agent's cookie: the cookie endpoints and the inbox hub
/// answer only this site's own pages. The widget and webhooks answer anyone.
/// </summary>
public sealed class SameOriginTests
{
    private const string Evil = "https://evil.example";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? origin, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await http.SendAsync(request);
    }

    private static string OwnOrigin(HelpdeskApp app) => app.Address.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Another_site_cannot_read_or_change_anything_with_an_agents_cookie()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        var read = await SendAsync(admin.Http, HttpMethod.Get, "/api/conversations", Evil);
        var create = await SendAsync(admin.Http, HttpMethod.Post, "/api/channels", Evil, new { kind = "storefront", name = "Planted" });

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
        var channels = await (await admin.Http.GetAsync("/api/channels")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(channels.EnumerateArray(), c => c.GetProperty("name").GetString() == "Planted");
    }

    [Fact]
    public async Task Another_site_cannot_sign_an_agent_in_or_out()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        var signIn = await SendAsync(app.Http(), HttpMethod.Post, "/api/auth/login", Evil,
            new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword });
        var signOut = await SendAsync(admin.Http, HttpMethod.Post, "/api/auth/logout", Evil);

        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_sites_own_pages_and_clients_without_an_origin_are_served()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin.Http, HttpMethod.Get, "/api/conversations", OwnOrigin(app))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin.Http, HttpMethod.Get, "/api/conversations", null)).StatusCode);
    }

    [Fact]
    public async Task A_configured_origin_is_served_like_the_sites_own()
    {
        await using var app = new HelpdeskApp(settings: new() { ["Inbox:AllowedOrigins:0"] = "https://support.shop.example" });
        await using var admin = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.OK,
            (await SendAsync(admin.Http, HttpMethod.Get, "/api/conversations", "https://support.shop.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await SendAsync(admin.Http, HttpMethod.Get, "/api/conversations", "https://support.shop.example:8443")).StatusCode);
    }

    [Fact]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_the_start()
    {
        var app = new HelpdeskApp(settings: new() { ["Inbox:AllowedOrigins:0"] = "https://support.shop.example/inbox/" });
        await using var _ = app;
        var e = Assert.ThrowsAny<Exception>(() => app.Address);
        Assert.Contains("AllowedOrigins", e.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Another_site_cannot_open_the_inbox_hub_with_an_agents_cookie(bool skipNegotiation)
    {
        await using var app = new HelpdeskApp();
        var cookies = new CookieContainer();
        cookies.Add(app.Address, await LoginCookieAsync(app));

        await using var hub = app.Hub("/hubs/inbox", o =>
        {
            o.Cookies = cookies;
            o.SkipNegotiation = skipNegotiation;
            o.Headers["Origin"] = Evil;
        });

        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task The_inbox_hub_opens_for_the_sites_own_page()
    {
        await using var app = new HelpdeskApp();
        var cookies = new CookieContainer();
        cookies.Add(app.Address, await LoginCookieAsync(app));

        await using var hub = app.Hub("/hubs/inbox", o =>
        {
            o.Cookies = cookies;
            o.Headers["Origin"] = OwnOrigin(app);
        });
        await hub.StartAsync();
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task The_widget_answers_a_shop_on_any_site()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);

        var session = await SendAsync(app.Http(), HttpMethod.Post, "/api/widget/sessions", "https://shop.example", new { publicKey = key });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var token = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorToken").GetString();

        await using var widget = app.Hub("/hubs/widget", o =>
        {
            o.AccessTokenProvider = () => Task.FromResult(token);
            o.Headers["Origin"] = "https://shop.example";
        });
        await widget.StartAsync();
        Assert.Equal(HubConnectionState.Connected, widget.State);
    }

    private static async Task<Cookie> LoginCookieAsync(HelpdeskApp app)
    {
        var cookies = new CookieContainer();
        var response = await app.Http(cookies).PostAsJsonAsync("/api/auth/login",
            new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword });
        response.EnsureSuccessStatusCode();
        return cookies.GetCookies(app.Address).Single();
    }
}
