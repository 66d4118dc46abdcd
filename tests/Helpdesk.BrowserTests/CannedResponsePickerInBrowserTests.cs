using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An agent answers a signed-in shopper with a canned response, picked from the composer with "/".</summary>
public sealed class CannedResponsePickerInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private const string Question = "Can I swap the tent for the three-person one?";
    private const string Rendered = "Hi Līga, your order #1201 can be exchanged within 30 days.";
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Slash_opens_the_picker_and_Enter_inserts_the_response_written_out_for_the_customer()
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin, Secret)).PublicKey;
        await _app.SubmitOrderAsync(Secret, new
        {
            externalId = "1201", number = "#1201", customer = new { externalId = "4200", email = "liga@example.lv", name = "Līga Kalniņa" },
            placedAt = "2026-10-14T09:30:00Z", total = 349m, currency = "EUR", status = "delivered",
            lines = new[] { new { sku = "VI-2P", name = "Vidde 2-person tent", quantity = 1, price = 349m } },
        });
        (await admin.Http.PostAsJsonAsync("/api/canned-responses", new
        {
            shortcut = "tent-exchange", title = "Exchange a tent", locale = "en", purpose = "macro",
            body = "Hi {{customer.firstName}}, your order {{order.number}} can be exchanged within 30 days.",
        })).EnsureSuccessStatusCode();

        // The shop's own page, with its logged-in customer signed for the widget.
        var signature = HelpdeskApp.IdentitySignature(Secret, "4200");
        var shopUrl = _app.Address + "test-shop/";
        var shopper = await (await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
        await shopper.RouteAsync(shopUrl, route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = $"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tent shop</title></head>
                <body><h1>Tent shop</h1>
                <script src="/widget/widget.js" data-key="{publicKey}" data-customer-id="4200" data-customer-email="liga@example.lv" data-signature="{signature}" async></script>
                </body></html>
                """,
        }));
        await shopper.GotoAsync(shopUrl);
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", Question);
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);

        var agent = await (await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } })).NewPageAsync();
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = Question });
        await item.ClickAsync();
        var conversationId = long.Parse((await item.GetAttributeAsync("data-id"))!);
        var offered = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}/canned-responses");

        // The conversation is open (its thread shown) before the agent starts typing.
        await Expect(agent.Locator("#thread")).ToContainTextAsync(Question);
        var composer = agent.Locator("[data-testid=composer]");
        var picker = agent.Locator("[data-testid=canned-picker]");
        var options = picker.Locator("[data-testid=canned-option]");
        await Expect(composer).ToHaveAttributeAsync("aria-expanded", "false");

        // "/" and Enter: two keystrokes put the first response in, and nothing is sent.
        await composer.PressSequentiallyAsync("/");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(composer).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(options).ToHaveCountAsync(offered.GetArrayLength());
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(offered[0].GetProperty("body").GetString()!);
        await Expect(picker).ToBeHiddenAsync();
        await Expect(composer).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(0, await agent.Locator("[data-testid=message][data-sender=agent]").CountAsync());

        // Typing after the slash filters, in any case; the preview is the text the customer will read.
        await composer.FillAsync("");
        await composer.PressSequentiallyAsync("/TENT");
        await Expect(options).ToHaveCountAsync(1);
        await Expect(options.First).ToHaveAttributeAsync("data-shortcut", "tent-exchange");
        await Expect(options.First).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(composer).ToHaveAttributeAsync("aria-activedescendant", (await options.First.GetAttributeAsync("id"))!);
        await Expect(picker.Locator("[data-testid=canned-preview]")).ToContainTextAsync(Rendered);
        await composer.PressAsync("Enter");
        await Expect(composer).ToHaveValueAsync(Rendered);
        await Expect(picker).ToBeHiddenAsync();

        // With the picker closed, Enter sends as always, and the shopper reads the reply.
        await composer.PressAsync("Enter");
        await Expect(agent.Locator("[data-testid=message][data-sender=agent]:not([data-pending]) [data-testid=message-body]"))
            .ToHaveTextAsync(Rendered);
        await Expect(composer).ToHaveValueAsync("");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=agent] [data-testid=hd-message-body]"))
            .ToHaveTextAsync(Rendered, new() { Timeout = 10_000 });
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-canned-picker.png") });
    }
}
