using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>
/// The widget on shop pages of another origin: one whose Content-Security-Policy allows nothing but the
/// helpdesk's own address (no inline styles, no ws://), and one from which the helpdesk is at first unreachable.
/// </summary>
public sealed class WidgetOnStrictShopInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _channelId;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        await _admin.ConnectAsync();
        (_channelId, _publicKey) = await _app.CreateStorefrontChannelAsync(_admin);
    }

    public async Task DisposeAsync()
    {
        _shop.Dispose();
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private string Helpdesk => _app.Address.ToString().TrimEnd('/');

    private readonly ShopServer _shop = new();

    /// <summary>The policy the README tells shops to add: the helpdesk's address for scripts, styles and connections.</summary>
    private string StrictPolicy =>
        $"default-src 'none'; script-src {Helpdesk}; style-src {Helpdesk}; connect-src {Helpdesk}; img-src {Helpdesk}; base-uri 'none'";

    private async Task SetLookAsync(object settings) =>
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}", new { name = "Test shop", settings })).EnsureSuccessStatusCode();

    /// <summary>A shop page with the widget's tag, under <paramref name="policy"/>; violations of it are collected in the page.</summary>
    private async Task<IPage> ShopPageAsync(string? policy, int width = 1440, int height = 900, string lang = "en")
    {
        // The shopper's browser speaks the page's language: the widget follows the browser, not the page.
        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            Locale = lang == "da" ? "da-DK" : "en-US",
        });
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("""
            window.__violations = [];
            document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
            """);
        _shop.Policy = policy;
        _shop.Page = ShopHtml(lang);
        await page.GotoAsync(_shop.Url);
        return page;
    }

    private string ShopHtml(string lang) => $"""
        <!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Fjellsko</title></head>
        <body><h1>Fjellsko</h1><p>Boots for the mountains.</p>
        <script src="{Helpdesk}/widget/widget.js" data-key="{_publicKey}" async></script>
        </body></html>
        """;

    private static Task<string[]> ViolationsAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.__violations");

    [Fact]
    public async Task Under_a_policy_of_only_the_helpdesk_the_widget_shows_in_the_shops_look_and_chats_without_WebSockets()
    {
        await SetLookAsync(new
        {
            color = "#0d6b58", position = "bottom-left",
            greeting = new Dictionary<string, string> { ["en"] = "Hi! Planning a trip north?", ["da"] = "Hej! Skal du nordpå?" },
        });
        var shopper = await ShopPageAsync(StrictPolicy);

        var launcher = shopper.Locator("[data-testid=hd-launcher]");
        await Expect(launcher).ToBeVisibleAsync();
        var box = (await launcher.BoundingBoxAsync())!;
        Assert.True(box.Width >= 48 && box.Height >= 48, $"launcher {box.Width}×{box.Height}");
        Assert.True(box.X < 100, $"launcher at x={box.X}, not bottom-left");
        Assert.Equal("rgb(13, 107, 88)", await launcher.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("rgb(255, 255, 255)", await launcher.EvaluateAsync<string>("e => getComputedStyle(e).color"));

        await launcher.ClickAsync();
        await Expect(shopper.Locator("[data-testid=hd-welcome]")).ToHaveTextAsync("Hi! Planning a trip north?");
        await shopper.FillAsync("[data-testid=hd-input]", "Do the Tind boots run small?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        var mine = shopper.Locator("[data-testid=hd-message][data-sender=customer]");
        await Expect(mine).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 15_000 });
        Assert.Equal("rgb(13, 107, 88)", await mine.Locator("[data-testid=hd-message-body]").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        var atAgent = await _admin.Messages.WaitForAsync(m => m.Body == "Do the Tind boots run small?");
        await _admin.ReplyAsync(atAgent.ConversationId, "They run true to size.");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=agent] [data-testid=hd-message-body]"))
            .ToHaveTextAsync("They run true to size.");

        // The only thing the policy refused was the WebSocket the widget tried first; no style, no script.
        var violations = await ViolationsAsync(shopper);
        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.Matches($"^connect-src ws://{Regex.Escape(_app.Address.Authority)}/hubs/widget", v));

        // The next page of the shop knows: no WebSocket is tried, so nothing at all is refused.
        await shopper.ReloadAsync();
        await shopper.EvaluateAsync("() => window.HelpdeskWidget.open()");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=agent]")).ToHaveCountAsync(1);
        await shopper.FillAsync("[data-testid=hd-input]", "Thanks!");
        await shopper.Keyboard.PressAsync("Enter");
        await Expect(mine).ToHaveCountAsync(2);
        await Expect(mine.Last).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 15_000 });
        Assert.Empty(await ViolationsAsync(shopper));
    }

    [Fact]
    public async Task A_light_colour_gets_dark_text_and_a_Danish_page_the_Danish_greeting()
    {
        await SetLookAsync(new { color = "#ffd400", greeting = new Dictionary<string, string> { ["da"] = "Hej! Skal du nordpå?" } });
        var shopper = await ShopPageAsync(StrictPolicy, 390, 844, lang: "da");

        var launcher = shopper.Locator("[data-testid=hd-launcher]");
        await launcher.ClickAsync();
        await Expect(shopper.Locator("[data-testid=hd-welcome]")).ToHaveTextAsync("Hej! Skal du nordpå?");
        Assert.Equal("rgb(255, 212, 0)", await launcher.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("rgb(0, 0, 0)", await launcher.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        var title = shopper.Locator("[data-testid=hd-panel] h2");
        Assert.Equal("rgb(0, 0, 0)", await title.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.DoesNotContain(await ViolationsAsync(shopper), v => !v.StartsWith("connect-src ws://"));
    }

    [Fact]
    public async Task While_the_helpdesk_cannot_be_reached_the_shopper_sees_when_we_try_again_and_their_message_goes_once_it_can()
    {
        var down = true;
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        await context.RouteAsync(new Regex("/(api/widget/sessions|hubs/widget)"), route => down ? route.AbortAsync("connectionrefused") : route.ContinueAsync());
        var shopper = await context.NewPageAsync();
        _shop.Policy = StrictPolicy;
        _shop.Page = ShopHtml("en");
        await shopper.GotoAsync(_shop.Url);

        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Is anyone there?");
        await shopper.Keyboard.PressAsync("Enter");
        var state = shopper.Locator("[data-testid=hd-reconnecting]");
        await Expect(state).ToContainTextAsync("Can't reach us — retrying in", new() { Timeout = 15_000 });
        await Expect(shopper.Locator("[data-testid=hd-retry-now]")).ToBeVisibleAsync();
        // Kept, not lost: the message waits for the connection.
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer]")).ToHaveAttributeAsync("data-status", "sending");

        down = false;
        await shopper.ClickAsync("[data-testid=hd-retry-now]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer]")).ToHaveAttributeAsync("data-status", "sent", new() { Timeout = 15_000 });
        await Expect(state).ToBeHiddenAsync();
        await _admin.Messages.WaitForAsync(m => m.Body == "Is anyone there?");
    }

    /// <summary>The shop's own web server, on another origin than the helpdesk (localhost rather than 127.0.0.1, another port).</summary>
    private sealed class ShopServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public string Url { get; }
        public string? Policy { get; set; }
        public string Page { get; set; } = "";

        public ShopServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://localhost:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                if (Policy is not null) context.Response.Headers["Content-Security-Policy"] = Policy;
                context.Response.ContentType = "text/html; charset=utf-8";
                var body = Encoding.UTF8.GetBytes(Page);
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
