using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A new shop owner builds the team in the inbox: no API, no console.</summary>
public sealed class TeamInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> PageAsync(int width = 1440, string locale = "en-GB")
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, Locale = locale });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task The_admin_invites_an_agent_on_the_team_page_who_sets_a_password_from_the_link_and_sees_the_inbox()
    {
        var page = await PageAsync();
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=settings-link]");
        await page.ClickAsync("[data-testid=settings-nav-team]");
        await Expect(page.Locator("[data-testid=team-row]")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=team-add]");
        await page.FillAsync("[data-testid=team-name]", "Sofie Holm");
        await page.FillAsync("[data-testid=team-displayName]", "Sofie");
        await page.FillAsync("[data-testid=team-email]", "not an address");
        await page.ClickAsync("[data-testid=team-save]");
        // Refused, said at the field, and nothing typed is lost.
        await Expect(page.Locator("#team-email-error")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=team-name]")).ToHaveValueAsync("Sofie Holm");
        await page.FillAsync("[data-testid=team-email]", "sofie@shop.example");
        await page.ClickAsync("[data-testid=team-save]");

        await Expect(page.Locator("[data-testid=team-invitation]")).ToBeVisibleAsync();
        var link = await page.InputValueAsync("[data-testid=team-invitation-link]");
        Assert.Matches(@"/inbox/#/invitation/[A-Za-z0-9_-]{43}$", link);
        var sofie = page.Locator("[data-testid=team-row]", new() { HasText = "Sofie Holm" });
        await Expect(sofie.Locator("[data-testid=team-status]")).ToHaveTextAsync("Invited");
        await Expect(sofie).ToContainTextAsync("Customers see: Sofie");

        // The last admin is told, in words, why they cannot disable themselves.
        await page.Locator("[data-testid=team-row]", new() { HasText = "Admin" }).Locator("[data-testid=team-edit]").ClickAsync();
        await page.ClickAsync("[data-testid=team-toggle-disabled]");
        await Expect(page.Locator("[data-testid=team-account-error]")).ToContainTextAsync("admin");

        await page.ClickAsync("#sign-out");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();

        var invited = await PageAsync(390);
        await invited.GotoAsync(link);
        await Expect(invited.Locator("[data-testid=invitation]")).ToContainTextAsync("Welcome, Sofie Holm");
        await invited.FillAsync("[data-testid=invitation-password]", "sofies-own-password");
        await invited.FillAsync("[data-testid=invitation-repeat]", "sofies-own-password");
        await invited.ClickAsync("[data-testid=invitation-submit]");
        await Expect(invited.Locator("#inbox")).ToBeVisibleAsync();
        await Expect(invited.Locator("[data-testid=settings-link]")).ToBeHiddenAsync();

        // The link was for one use: opened again, it says so.
        var again = await PageAsync();
        await again.GotoAsync(link);
        await Expect(again.Locator("[data-testid=invitation-problem]")).ToContainTextAsync("not valid");

        // And her password now signs her in anywhere.
        await again.ClickAsync("[data-testid=invitation-sign-in]");
        await again.FillAsync("#login-email", "sofie@shop.example");
        await again.FillAsync("#login-password", "sofies-own-password");
        await again.ClickAsync("#login-submit");
        await Expect(again.Locator("#inbox")).ToBeVisibleAsync();
        await again.ClickAsync("[data-testid=profile-open]");
        await Expect(again.Locator("[data-testid=profile-displayName]")).ToHaveValueAsync("Sofie");
    }
}
