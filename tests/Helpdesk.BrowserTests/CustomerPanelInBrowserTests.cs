using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An agent opens a returning customer's chat and sees who they are: tier, orders, value.</summary>
public sealed class CustomerPanelInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task SubmitOrderAsync(string number, decimal total, string status)
    {
        await _app.SubmitOrderAsync(Secret, new
        {
            externalId = number, number, customer = new { externalId = "4200", email = "liga@example.lv", name = "Līga Kalniņa" },
            placedAt = "2026-10-14T09:30:00Z", total, currency = "EUR", status,
            lines = new[] { new { sku = "VI-2P", name = "Vidde 2-person tent", quantity = 1, price = total } },
        });
    }

    [Fact]
    public async Task The_customer_panel_shows_the_order_history_and_follows_new_orders_live()
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin, Secret)).PublicKey;
        await SubmitOrderAsync("#1201", 349m, "delivered");
        await SubmitOrderAsync("#1202", 89.5m, "fulfilled");

        var signature = HelpdeskApp.IdentitySignature(Secret, "4200");
        var session = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions",
            new { publicKey, identity = new { customerId = "4200", signature } })).Content.ReadFromJsonAsync<JsonElement>();
        await using var shopper = new Shopper(_app, session.GetProperty("visitorToken").GetString()!, session);
        await shopper.ConnectAsync();
        var question = await shopper.SendAsync("Can I still exchange the tent?");

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var agent = await context.NewPageAsync();
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        await agent.ClickAsync($"[data-testid=conversation-item][data-id=\"{question.ConversationId}\"]");

        var panel = agent.Locator("[data-testid=customer-panel]");
        await Expect(panel.Locator("[data-testid=customer-tier]")).ToHaveAttributeAsync("data-tier", "returning");
        await Expect(panel.Locator("[data-testid=customer-order-count]")).ToHaveTextAsync("2");
        await Expect(panel.Locator("[data-testid=customer-ltv]")).ToContainTextAsync("438");
        var orders = panel.Locator("[data-testid=customer-order]");
        await Expect(orders).ToHaveCountAsync(2);
        var tent = panel.Locator("[data-testid=customer-order][data-number=\"#1201\"]");
        await Expect(tent.Locator("[data-testid=order-number]")).ToHaveTextAsync("#1201");
        await Expect(tent.Locator("[data-testid=order-total]")).ToContainTextAsync("349");
        await Expect(tent).ToHaveAttributeAsync("data-status", "delivered");
        await Expect(tent.Locator("[data-testid=order-date]")).ToBeVisibleAsync();

        // An order arriving while the agent looks: the panel and the queue follow without a reload.
        await SubmitOrderAsync("#1203", 129m, "paid");
        await Expect(panel.Locator("[data-testid=customer-order-count]")).ToHaveTextAsync("3");
        await Expect(orders).ToHaveCountAsync(3);
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-customer-panel.png") });
    }

    [Fact]
    public async Task Each_order_shows_its_tracking_opening_the_carriers_page_in_a_new_tab()
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin, Secret)).PublicKey;
        await _app.SubmitOrderAsync(Secret, new
        {
            externalId = "#1301", number = "#1301", customer = new { externalId = "4300", email = "mette@example.dk", name = "Mette Kristensen" },
            placedAt = "2026-10-14T09:30:00Z", total = 129m, currency = "DKK", status = "fulfilled",
            lines = new[] { new { sku = "FJ-45", name = "Fjell 45L backpack", quantity = 1, price = 129m } },
            tracking = new object[]
            {
                new { company = "PostNord", number = "00370712345678901234", url = "https://tracking.postnord.com/dk/?id=00370712345678901234" },
                new { company = "GLS", number = "05712345678" },
            },
        });

        var signature = HelpdeskApp.IdentitySignature(Secret, "4300");
        var session = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions",
            new { publicKey, identity = new { customerId = "4300", signature } })).Content.ReadFromJsonAsync<JsonElement>();
        await using var shopper = new Shopper(_app, session.GetProperty("visitorToken").GetString()!, session);
        await shopper.ConnectAsync();
        var question = await shopper.SendAsync("Min pakke er ikke kommet");

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var agent = await context.NewPageAsync();
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        await agent.ClickAsync($"[data-testid=conversation-item][data-id=\"{question.ConversationId}\"]");

        var tracking = agent.Locator("[data-testid=customer-order][data-number=\"#1301\"] [data-testid=order-tracking]");
        await Expect(tracking).ToHaveCountAsync(2);
        var link = tracking.First.Locator("a");
        await Expect(link).ToHaveTextAsync("Track: PostNord 00370712345678901234");
        await Expect(link).ToHaveAttributeAsync("href", "https://tracking.postnord.com/dk/?id=00370712345678901234");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(tracking.Nth(1)).ToHaveTextAsync("Tracking number: GLS 05712345678");
        await Expect(tracking.Nth(1).Locator("a")).ToHaveCountAsync(0);
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-order-tracking.png") });
    }
}
