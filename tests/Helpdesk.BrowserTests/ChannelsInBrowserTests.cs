using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>
/// A new shop owner sets the helpdesk up from the Channels page alone: the chat for their own
/// site (its snippet copied into a page on another origin) and a mailbox their relay posts to.
/// </summary>
public sealed class ChannelsInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Question = "Do you ship the Vidde tent to Tromsø?";
    private readonly HelpdeskApp _app = new();
    private WebApplication? _shop;
    private string _shopHtml = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_shop is not null) await _shop.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The shop's own site: another origin, serving whatever the owner pasted.</summary>
    private async Task<string> StartShopAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _shop = builder.Build();
        _shop.Run(http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(_shopHtml);
        });
        await _shop.StartAsync();
        return _shop.Urls.First() + "/";
    }

    private async Task<IPage> OwnerAsync(string locale, int width, int height)
    {
        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, Locale = locale, TimezoneId = "Europe/Copenhagen",
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = _app.Address.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"helpdesk-channels-{name}.png"), FullPage = true });

    [Fact]
    public async Task A_new_shop_owner_connects_the_chat_and_a_mailbox_from_the_channels_page_and_sees_them_arrive()
    {
        var owner = await OwnerAsync("en-GB", 1440, 900);
        await owner.ClickAsync("[data-testid=settings-link]");
        await owner.ClickAsync("[data-testid=settings-nav-channels]");
        await Expect(owner.Locator("[data-testid=channel-empty]")).ToBeVisibleAsync();

        // The chat: a name and a generated identity secret, shown once, then only "set".
        await owner.ClickAsync("[data-testid=channel-new]");
        await Expect(owner.Locator("[data-testid=kind-storefront]")).ToBeCheckedAsync();
        await owner.FillAsync("[data-testid=channel-name]", "Web shop chat");
        await owner.ClickAsync("[data-testid=channel-secret-generate]");
        var identitySecret = await owner.Locator("[data-testid=generated-secret]").TextContentAsync();
        Assert.Matches("^[0-9a-f]{64}$", identitySecret);
        await owner.ClickAsync("[data-testid=channel-save]");
        await Expect(owner.Locator("[data-testid=channel-title]")).ToHaveTextAsync("Web shop chat");
        await Expect(owner.Locator("[data-testid=channel-secret-status]")).ToHaveTextAsync("Set");
        await Expect(owner.Locator("[data-testid=generated-secret]")).ToHaveCountAsync(0);
        Assert.DoesNotContain(identitySecret!, await owner.ContentAsync());
        await Expect(owner.GetByTestId("channel-widget-look")).ToHaveCountAsync(1);
        // The generated secret is the channel's: it is the key the shop's order feed signs in with.
        await _app.SubmitOrderAsync(identitySecret!, new
        {
            externalId = "5001", number = "#5001", customer = new { email = "ingrid@example.no", name = "Ingrid Berg" },
            placedAt = "2026-11-20T10:00:00Z", total = 90m, currency = "EUR", status = "paid",
        });

        // The script tag, as the clipboard has it after Copy, goes into the shop's own page on another origin.
        await owner.ClickAsync("[data-testid=install-script-copy]");
        var snippet = await owner.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await owner.Locator("[data-testid=install-script]").TextContentAsync(), snippet);
        Assert.Matches("^<script src=\"http://[^\"]+/widget/widget.js\" data-key=\"pk_[0-9a-f]{32}\" async></script>$", snippet);
        await ScreenshotAsync(owner, "storefront-en-1440");

        var shopUrl = await StartShopAsync();
        Assert.NotEqual(new Uri(shopUrl).GetLeftPart(UriPartial.Authority), _app.Address.GetLeftPart(UriPartial.Authority));
        _shopHtml = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nordic tents</title></head>
            <body><h1>Nordic tents</h1>
            {snippet}
            </body></html>
            """;
        var shopper = await (await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await shopper.GotoAsync(shopUrl);
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", Question);
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);

        await owner.ClickAsync(".settings-back");
        await Expect(owner.Locator("[data-testid=conversation-item]", new() { HasText = Question })).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // A mailbox: its webhook address and secret are what the relay uses, signing as the page says.
        await owner.GotoAsync(_app.Address + "inbox/#/settings/channels/new");
        await owner.CheckAsync("[data-testid=kind-email]");
        await owner.FillAsync("[data-testid=channel-name]", "Support mail");
        await owner.ClickAsync("[data-testid=channel-secret-generate]");
        var mailSecret = (await owner.Locator("[data-testid=generated-secret]").TextContentAsync())!;
        await owner.FillAsync("[data-testid=channel-setting-address]", "not an address");
        await owner.ClickAsync("[data-testid=channel-save]");
        await Expect(owner.Locator("[data-testid=channel-setting-address]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(owner.Locator("[data-testid=generated-secret]")).ToHaveTextAsync(mailSecret);
        await owner.FillAsync("[data-testid=channel-setting-address]", "support@nordic-tents.example");
        await owner.ClickAsync("[data-testid=channel-save]");
        await Expect(owner.Locator("[data-testid=channel-title]")).ToHaveTextAsync("Support mail");
        await Expect(owner.Locator("[data-testid=channel-health]")).ToContainTextAsync("Nothing received yet");
        var webhook = (await owner.Locator("[data-testid=install-webhook-url]").TextContentAsync())!;
        Assert.Matches(@"/api/webhooks/email/\d+$", webhook);

        var mail = Encoding.UTF8.GetBytes(
            "From: Ingrid Berg <ingrid@example.no>\r\nTo: support@nordic-tents.example\r\nSubject: Tent pegs\r\n" +
            "Date: Fri, 04 Dec 2026 09:00:00 +0100\r\nMessage-ID: <pegs-1@example.no>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n\r\nAre spare pegs included?\r\n");
        using var http = new HttpClient();
        async Task<HttpStatusCode> RelayAsync(string secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(mail) };
            request.Content.Headers.ContentType = new("message/rfc822");
            request.Headers.Add("X-Helpdesk-Signature",
                "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), mail)));
            return (await http.SendAsync(request)).StatusCode;
        }

        // A relay with the wrong secret is refused, and the page says so without its words.
        Assert.Equal(HttpStatusCode.Unauthorized, await RelayAsync("an-old-secret-from-last-year"));
        await ExpectHealthAsync(owner, "health-rejected", "the signature did not match the secret");
        Assert.Equal(HttpStatusCode.OK, await RelayAsync(mailSecret));
        await ExpectHealthAsync(owner, "health-received", "Last received");
        await Expect(owner.Locator("[data-testid=health-rejected]")).ToHaveCountAsync(0);
        await ScreenshotAsync(owner, "email-en-1440");

        await owner.GotoAsync(_app.Address + "inbox/#/settings/channels");
        await Expect(owner.Locator("[data-testid=channel-row]")).ToHaveCountAsync(2);
        await Expect(owner.Locator("[data-testid=channel-row] [data-testid=health-received]")).ToHaveCountAsync(2);
        await ScreenshotAsync(owner, "list-en-1440");

        // Removing asks first; a channel with conversations is kept.
        await owner.ClickAsync("[data-testid=channel-row] >> nth=1 >> [data-testid=channel-link]");
        await owner.ClickAsync("[data-testid=channel-remove]");
        await Expect(owner.Locator("[data-testid=confirm-dialog]")).ToContainTextAsync("If it has conversations it is not removed.");
        await owner.ClickAsync("[data-testid=confirm-yes]");
        await Expect(owner.Locator("#toast")).ToContainTextAsync("This channel has conversations");
        var admin = await _app.SignInAsync();
        Assert.Equal(2, (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/channels"))!.Length);

        // The same pages in Danish, on a phone.
        var phone = await OwnerAsync("da-DK", 390, 844);
        await phone.GotoAsync(_app.Address + "inbox/#/settings/channels");
        await Expect(phone.Locator("[data-testid=channel-row]")).ToHaveCountAsync(2);
        await Expect(phone.Locator("[data-testid=channel-list]")).ToContainTextAsync("Senest modtaget");
        await ScreenshotAsync(phone, "list-da-390");
        await phone.ClickAsync("[data-testid=channel-row] >> nth=0 >> [data-testid=channel-link]");
        await Expect(phone.Locator("[data-testid=install-script]")).ToHaveTextAsync(snippet);
        Assert.DoesNotContain("channels.", await phone.Locator("#settings-content").InnerTextAsync());
        await ScreenshotAsync(phone, "storefront-da-390");
    }

    /// <summary>The page shows what it was given when it opened; the owner opens it again to look.</summary>
    private static async Task ExpectHealthAsync(IPage page, string part, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await page.ReloadAsync();
            var located = page.Locator($".channel-head [data-testid={part}]");
            await Expect(page.Locator("[data-testid=channel-title]")).ToBeVisibleAsync();
            if (await located.CountAsync() > 0 && (await located.First.TextContentAsync())!.Contains(text)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The health line never showed {part}: {text}");
            await Task.Delay(200);
        }
    }
}
