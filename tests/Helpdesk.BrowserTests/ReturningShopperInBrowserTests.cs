using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A returning customer on the demo storefront, not signed in to the store, on a Danish phone.</summary>
public sealed class ReturningShopperInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    // The demo shop's first customer: seven orders, the email she orders with built from her name.
    private const string MetteEmail = "mette.kristensen@gmail.com";
    private static readonly string[] DanishStatuses = ["Afventer", "Betalt", "Afsendt", "Leveret", "Annulleret", "Refunderet"];

    private readonly string _folder = Directory.CreateTempSubdirectory("helpdesk-returning-shopper-").FullName;
    private HelpdeskApp _app = null!;

    private string MailFolder => Path.Combine(_folder, "mail");

    public Task InitializeAsync()
    {
        _app = new HelpdeskApp(_folder, new() { ["Seed:Demo"] = "true", ["Smtp:PickupDirectory"] = MailFolder });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> MailedCodeAsync()
    {
        var mails = await Eventually.Until(
            () => Task.FromResult(Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).ToArray() : []),
            m => m.Any(IsCode));
        var mail = mails.Single(IsCode);
        return Regex.Match(mail.TextBody, @"\b\d{6}\b").Value;

        static bool IsCode(MimeMessage m) => m.MessageId.StartsWith("helpdesk.verification.") && m.To.Mailboxes.Single().Address == MetteEmail;
    }

    [Fact]
    public async Task On_a_Danish_phone_she_proves_her_email_sees_her_orders_and_asks_about_one()
    {
        await using var agent = await _app.SignInAsync();
        await agent.ConnectAsync();
        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "da-DK",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.Address + "demo/");
        // Tracking comes from the shop's order feed: only web addresses may become links.
        await page.RouteAsync("**/api/widget/orders", async route =>
        {
            var response = await route.FetchAsync();
            var orders = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!.AsArray();
            orders[0]!["tracking"] = System.Text.Json.Nodes.JsonNode.Parse(
                """[{"company":"PostNord","number":"00370","url":"https://tracking.example/00370"},{"company":"Trap","url":"javascript:alert(1)"}]""");
            await route.FulfillAsync(new() { Response = response, Body = orders.ToJsonString() });
        });

        // The demo fills in her email as if she typed it: a claim, which shows her nothing but the way to prove it.
        await page.ClickAsync("[data-testid=demo-returning-shopper]");
        var entry = page.Locator("[data-testid=hd-verify-entry]");
        await Expect(entry).ToHaveTextAsync("Bekræft din e-mail for at se dine ordrer");
        await Expect(page.Locator("[data-testid=hd-orders-entry]")).ToBeHiddenAsync();
        await entry.ClickAsync();
        await Expect(page.Locator("[data-testid=hd-verify-email]")).ToHaveValueAsync(MetteEmail);
        await page.ClickAsync("[data-testid=hd-verify-send]");

        var codeField = page.Locator("[data-testid=hd-code]");
        await Expect(codeField).ToBeFocusedAsync();
        await Expect(codeField).ToHaveAttributeAsync("inputmode", "numeric");
        await Expect(codeField).ToHaveAttributeAsync("autocomplete", "one-time-code");
        var code = await MailedCodeAsync();

        // A wrong code is refused, in her language.
        await codeField.FillAsync(code[..5] + (code[5] == '9' ? '0' : (char)(code[5] + 1)));
        await page.ClickAsync("[data-testid=hd-verify-confirm]");
        await Expect(page.Locator("[data-testid=hd-code-error]"))
            .ToHaveTextAsync("Koden er forkert eller udløbet. Tjek e-mailen, eller send en ny kode.");

        await codeField.FillAsync(code);
        await page.ClickAsync("[data-testid=hd-verify-confirm]");
        await Expect(page.Locator("[data-testid=hd-sheet-title]")).ToHaveTextAsync("Dine ordrer");
        await Expect(page.Locator("[data-testid=hd-sheet-status]")).ToHaveTextAsync("Tak, din e-mail er bekræftet.");
        var orders = page.Locator("[data-testid=hd-order]");
        await Expect(orders).ToHaveCountAsync(7);
        foreach (var status in await page.Locator("[data-testid=hd-order-status]").AllTextContentsAsync())
            Assert.Contains(status, DanishStatuses);
        var newest = orders.First;
        await Expect(newest.Locator("[data-testid=hd-order-total]")).ToHaveTextAsync(new Regex(@"^\d[\d.]*,\d\d\s€$"));
        var number = (await newest.GetAttributeAsync("data-number"))!;
        var tracking = newest.Locator("[data-testid=hd-order-tracking]");
        await Expect(tracking).ToHaveCountAsync(1);
        await Expect(tracking).ToHaveTextAsync("Følg pakken hos PostNord");
        await Expect(tracking).ToHaveAttributeAsync("href", "https://tracking.example/00370");
        await Expect(tracking).ToHaveAttributeAsync("target", "_blank");
        await Expect(tracking).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(newest.Locator("a[href^='javascript']")).ToHaveCountAsync(0);

        await newest.Locator("[data-testid=hd-order-ask]").ClickAsync();
        var asked = page.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]");
        await Expect(asked.Locator("[data-testid=hd-message-body]")).ToHaveTextAsync($"Spørgsmål om ordre {number}");
        await Expect(asked.Locator("[data-testid=hd-message-order]")).ToContainTextAsync(number);
        await Expect(page.Locator("[data-testid=hd-orders-entry]")).ToHaveTextAsync("Dine ordrer");

        var received = await agent.Messages.WaitForAsync(m => m.Sender == "customer" && m.OrderNumber == number);
        Assert.Equal($"Spørgsmål om ordre {number}", received.Body);
    }
}
