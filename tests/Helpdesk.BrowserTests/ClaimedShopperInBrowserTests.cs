using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>
/// A returning customer writes in the chat without signing in to the store: the agent sees her history, flagged as
/// only claimed, is stopped before sending her order details, asks her to verify, and sees the order she asks about.
/// </summary>
public sealed class ClaimedShopperInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string StoreKey = "storefront-secret-0123456789";
    private const string KarenEmail = "karen.holm@example.dk";
    private readonly string _folder = Directory.CreateTempSubdirectory("helpdesk-claimed-").FullName;
    private HelpdeskApp _app = null!;
    private string _publicKey = null!;

    private string MailFolder => Path.Combine(_folder, "mail");

    public async Task InitializeAsync()
    {
        _app = new HelpdeskApp(_folder, new() { ["Smtp:PickupDirectory"] = MailFolder });
        await using var admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(admin, StoreKey)).PublicKey;
        await HelpdeskApp.CreateChannelAsync(admin, "email", "mail-secret-0123456789", new { address = "support@shop.example" });
        foreach (var n in new[] { 1, 2, 3 })
            await _app.SubmitOrderAsync(StoreKey, new
            {
                externalId = $"k-{n}", number = $"#100{n}", customer = new { externalId = "karen", email = KarenEmail, name = "Karen Holm" },
                placedAt = DateTimeOffset.UtcNow.AddDays(-10 * (4 - n)), total = 40m * n, currency = "DKK", status = "delivered",
                lines = new[] { new { sku = $"SKU-{n}", name = $"Wool socks {n}", quantity = 1, price = 40m * n } },
            });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> AgentAsync(int width, int height, string lang = "en")
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_app.Address}inbox/?lang={lang}");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("[data-testid=conversation-item]").First).ToBeVisibleAsync();
        return page;
    }

    private HttpClient Widget(Shopper shopper)
    {
        var http = _app.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shopper.Token);
        return http;
    }

    /// <summary>The shopper asks for a code, reads it from the mail, and enters it.</summary>
    private async Task VerifyByCodeAsync(Shopper shopper)
    {
        var widget = Widget(shopper);
        Assert.Equal(HttpStatusCode.Accepted, (await widget.PostAsJsonAsync("/api/widget/verification", new { email = KarenEmail })).StatusCode);
        var mail = await Eventually.Until(
            () => Task.FromResult(Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f))
                .FirstOrDefault(m => m.MessageId.StartsWith("helpdesk.verification.")) : null),
            m => m is not null);
        var code = Regex.Match(mail!.TextBody, @"\b\d{6}\b").Value;
        (await widget.PostAsJsonAsync("/api/widget/verification/confirm", new { code })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_claimed_shopper_is_flagged_order_details_need_a_confirm_and_the_agent_can_ask_her_to_verify()
    {
        await using var karen = await _app.ShopperAsync(new { publicKey = _publicKey, name = "Karen", email = KarenEmail, locale = "da-DK" });
        var question = await karen.SendAsync("Min pakke er ikke kommet");
        var agent = await AgentAsync(1440, 900);

        var item = agent.Locator($"[data-testid=conversation-item][data-id=\"{question.ConversationId}\"]");
        await Expect(item.Locator("[data-testid=unverified-mark]")).ToBeVisibleAsync();
        await item.ClickAsync();
        await Expect(agent.Locator("[data-testid=unverified-badge]")).ToHaveTextAsync("Email not verified");
        await Expect(agent.Locator("[data-testid=unverified-badge]")).ToHaveAttributeAsync("title", new Regex(Regex.Escape(KarenEmail)));
        var panel = agent.Locator("[data-testid=customer-panel]");
        await Expect(panel.Locator("[data-testid=customer-unverified]")).ToBeVisibleAsync();
        await Expect(panel.Locator("[data-testid=customer-claim]")).ToContainTextAsync(KarenEmail);
        var warning = agent.Locator("[data-testid=verify-warning]");
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToContainTextAsync("only claims to be Karen Holm");
        await Expect(warning).ToHaveAttributeAsync("data-level", "calm");

        // A reply naming one of her orders turns the warning urgent and asks before it goes.
        await Expect(panel.Locator("[data-testid=customer-order]")).ToHaveCountAsync(3);
        await agent.FillAsync("[data-testid=composer]", "Your order 1002 left us on Monday.");
        await Expect(warning).ToHaveAttributeAsync("data-level", "alert");
        await Expect(warning.Locator("[data-testid=verify-touch]")).ToContainTextAsync("#1002");
        await agent.ClickAsync("[data-testid=send]");
        var dialog = agent.Locator("[data-testid=confirm-dialog]");
        await Expect(dialog).ToContainTextAsync("#1002");
        await dialog.Locator(".dialog-actions .button:not([data-testid=confirm-yes])").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=composer]")).ToHaveValueAsync("Your order 1002 left us on Monday.");
        await Expect(agent.Locator("[data-testid=message][data-sender=agent]")).ToHaveCountAsync(0);
        // The agent may still send it.
        await agent.Locator("[data-testid=composer]").PressAsync("Enter");
        await agent.ClickAsync("[data-testid=confirm-yes]");
        await Expect(agent.Locator("[data-testid=message][data-sender=agent]:not([data-pending])")).ToHaveCountAsync(1);
        await Expect(warning).ToHaveAttributeAsync("data-level", "calm");

        // A reply without order details needs no confirm.
        await agent.FillAsync("[data-testid=composer]", "Let me check.");
        await agent.Locator("[data-testid=composer]").PressAsync("Enter");
        await Expect(agent.Locator("[data-testid=message][data-sender=agent]:not([data-pending])")).ToHaveCountAsync(2);
        await Expect(dialog).ToHaveCountAsync(0);

        await agent.ClickAsync("[data-testid=ask-verify]");
        await Expect(warning.Locator("[data-testid=verify-asked]")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=ask-verify]")).ToHaveTextAsync("Ask again");
        await Expect(agent.Locator("[data-testid=message][data-sender=system][data-private=true]"))
            .ToContainTextAsync("asked the customer to verify their email address");
        // The widget, reloaded, shows the shopper the prompt.
        var session = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = _publicKey, visitorToken = karen.Token }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(session.GetProperty("verificationRequested").GetBoolean());
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-claimed-shopper.png") });

        // She proves the address just as the agent asks again: the flag goes while the agent looks, and the
        // server's refusal to ask a verified shopper is told in the agent's words.
        await agent.RouteAsync("**/verification-request", async route =>
        {
            await VerifyByCodeAsync(karen);
            await route.ContinueAsync();
        });
        await agent.ClickAsync("[data-testid=ask-verify]");
        await Expect(agent.Locator("#action-error")).ToHaveTextAsync("This shopper has verified their email already.");
        await Expect(agent.Locator("[data-testid=unverified-badge]")).ToHaveCountAsync(0);
        await Expect(warning).ToBeHiddenAsync();
        await Expect(panel.Locator("[data-testid=customer-unverified]")).ToHaveCountAsync(0);
        await Expect(item.Locator("[data-testid=unverified-mark]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_order_a_signed_in_shopper_asks_about_is_a_chip_in_the_thread_and_outlined_in_the_panel_on_a_danish_phone()
    {
        await using var karen = await _app.ShopperAsync(new
        {
            publicKey = _publicKey, locale = "da-DK",
            identity = new { customerId = "karen", email = KarenEmail, signature = HelpdeskApp.IdentitySignature(StoreKey, "karen") },
        });
        await karen.SendAsync("Hej!");
        var asked = await karen.Widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput(Guid.NewGuid().ToString("N"), "Hvor er den?", "#1002"));
        Assert.Equal("#1002", asked.OrderNumber);

        var agent = await AgentAsync(390, 844, "da");
        await agent.ClickAsync($"[data-testid=conversation-item][data-id=\"{asked.ConversationId}\"]");
        var chip = agent.Locator("[data-testid=order-chip]");
        await Expect(chip).ToHaveTextAsync("Ordre #1002");
        await Expect(agent.Locator("[data-testid=unverified-badge]")).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=verify-warning]")).ToBeHiddenAsync();

        var order = agent.Locator("[data-testid=customer-order][data-number=\"#1002\"]");
        await Expect(order).ToHaveAttributeAsync("data-asked", "true");
        await Expect(agent.Locator("[data-testid=customer-order][data-asked=true]")).ToHaveCountAsync(1);
        // On a phone the panel is folded away; the chip opens it on that order, unfolded.
        await Expect(order).ToBeHiddenAsync();
        await chip.ClickAsync();
        await Expect(order).ToBeInViewportAsync();
        await Expect(order.Locator("details")).ToHaveAttributeAsync("open", "");
        await Expect(order.Locator("summary")).ToBeFocusedAsync();
        await Expect(order.Locator("[data-testid=order-asked]")).ToHaveTextAsync("Spurgt om i denne chat");

        // A new question about another order, live: it is outlined too.
        await karen.Widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput(Guid.NewGuid().ToString("N"), "Og denne?", "#1001"));
        await Expect(agent.Locator("[data-testid=customer-order][data-number=\"#1001\"]")).ToHaveAttributeAsync("data-asked", "true");
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-order-chip-phone.png") });
    }
}
