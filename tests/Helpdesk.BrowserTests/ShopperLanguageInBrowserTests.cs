using System.Net.Http.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A Danish shopper on a shop page written in English: the widget speaks Danish, and so does the agent's first pick.</summary>
public sealed class ShopperLanguageInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Question = "Hej! Kan jeg bytte teltet?";
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_browser_asking_for_Danish_gets_a_Danish_widget_and_the_agent_is_offered_Danish_responses_first()
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin)).PublicKey;
        // A macro written only in English: still offered, after those the shopper can read.
        (await admin.Http.PostAsJsonAsync("/api/canned-responses", new
        {
            shortcut = "aaa-gift-wrap", title = "Gift wrapping", locale = "en", purpose = "macro", body = "We gift-wrap for free.",
        })).EnsureSuccessStatusCode();

        var shopUrl = _app.Address + "test-shop/";
        var context = await browser.Chromium.NewContextAsync(new()
        {
            Locale = "da-DK", TimezoneId = "Europe/Copenhagen", ViewportSize = new() { Width = 390, Height = 844 },
        });
        var shopper = await context.NewPageAsync();
        await shopper.RouteAsync(shopUrl, route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tent shop</title></head>
                <body><h1>Tent shop</h1>
                <script src="/widget/widget.js" data-key="{publicKey}" async></script>
                </body></html>
                """,
        }));
        await shopper.GotoAsync(shopUrl);
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await Expect(shopper.Locator("[data-testid=hd-input]")).ToHaveAttributeAsync("placeholder", "Skriv en besked…");
        await shopper.FillAsync("[data-testid=hd-input]", Question);
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

        var agent = await (await browser.Chromium.NewContextAsync(new() { Locale = "en-GB", ViewportSize = new() { Width = 1440, Height = 900 } })).NewPageAsync();
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");

        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = Question });
        await Expect(item).ToBeVisibleAsync(new() { Timeout = 10_000 });
        // Not "Visitor": where they are, and a colour and animal of their own.
        await Expect(item.Locator(".item-name")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Copenhagen · [A-Z][a-z]+ [a-z]+$"));
        await item.ClickAsync();
        await Expect(agent.Locator("#thread")).ToContainTextAsync(Question);
        await Expect(agent.Locator("#conversation-customer")).ToContainTextAsync("Copenhagen · ");
        // Where the shopper is (the panel is a column of its own at this width): the page, as a link that tells the shop nothing.
        var where = agent.Locator("[data-testid=shopper-context]");
        await Expect(where).ToContainTextAsync("On page Tent shop");
        await Expect(where.Locator("a").First).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(agent.Locator("[data-testid=customer-anonymous]")).ToHaveTextAsync("Anonymous");

        var composer = agent.Locator("[data-testid=composer]");
        var options = agent.Locator("[data-testid=canned-picker] [data-testid=canned-option]");
        await composer.PressSequentiallyAsync("/");
        await Expect(options.First).ToContainTextAsync("Opfølgning");
        await Expect(options.Last).ToHaveAttributeAsync("data-shortcut", "aaa-gift-wrap");
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Hej"));
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-shopper-language.png") });
    }
}
