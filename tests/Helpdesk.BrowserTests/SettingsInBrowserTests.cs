using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An admin sets a channel's hours and the team's canned responses; a plain agent never sees these pages.</summary>
public sealed class SettingsInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> SignInAsync(string email, string password, string timeZone = "Europe/Oslo")
    {
        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1440, Height = 900 }, TimezoneId = timeZone, Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", email);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task Business_hours_errors_appear_at_the_offending_hours_and_a_corrected_week_is_saved()
    {
        var admin = await _app.SignInAsync();
        var (channelId, _) = await _app.CreateStorefrontChannelAsync(admin);
        var page = await SignInAsync(HelpdeskApp.AdminEmail, HelpdeskApp.AdminPassword);

        await page.ClickAsync("[data-testid=settings-link]");
        await page.ClickAsync("[data-testid=settings-nav-hours]");
        await page.SelectOptionAsync("[data-testid=hours-channel]", channelId.ToString());
        // Nothing saved yet: always open, and the admin's own zone is offered.
        await Expect(page.Locator("[data-testid=always-open]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=hours-zone]")).ToHaveValueAsync("Europe/Oslo");
        await Expect(page.Locator("[data-testid=hours-status-text]")).ToHaveTextAsync("Open now");

        var monday = page.Locator("[data-testid=hours-day][data-day=monday]");
        await monday.Locator("[data-testid=add-interval]").ClickAsync();
        await monday.Locator("[data-testid=add-interval]").ClickAsync();
        var evening = monday.Locator("[data-testid=interval]").Nth(1);
        await evening.Locator("input[data-field=open]").FillAsync("16:00");
        await evening.Locator("input[data-field=close]").FillAsync("18:00");
        await Expect(page.Locator("[data-testid=always-open]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=hours-save-state]")).ToHaveTextAsync("Unsaved changes");
        await page.ClickAsync("[data-testid=hours-save]");

        // The overlap is reported on Monday's second interval, and the form stays as typed.
        await Expect(evening.Locator("[data-testid=field-error]")).ToBeVisibleAsync();
        await Expect(monday.Locator("[data-testid=interval]").First.Locator("[data-testid=field-error]")).ToHaveCountAsync(0);
        await Expect(evening.Locator("input[data-field=open]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(evening.Locator("input[data-field=open]")).ToHaveValueAsync("16:00");
        await Expect(evening.Locator("input[data-field=open]")).ToBeFocusedAsync();
        var before = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{channelId}/business-hours");
        Assert.Equal(0, before.GetProperty("weekly").GetArrayLength());

        await evening.Locator("input[data-field=open]").FillAsync("17:30");
        await page.ClickAsync("[data-testid=hours-save]");
        await Expect(page.Locator("[data-testid=hours-save-state]")).ToHaveTextAsync("All changes saved");
        var saved = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{channelId}/business-hours");
        Assert.Equal("Europe/Oslo", saved.GetProperty("timeZone").GetString());
        Assert.Equal(["09:00-17:00", "17:30-18:00"], saved.GetProperty("weekly").EnumerateArray()
            .Where(i => i.GetProperty("day").GetString() == "monday")
            .Select(i => $"{i.GetProperty("open").GetString()}-{i.GetProperty("close").GetString()}"));

        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid=hours-day][data-day=monday] [data-testid=interval]")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=hours-day][data-day=sunday] [data-testid=day-closed]")).ToHaveTextAsync("Closed");
    }

    [Fact]
    public async Task Canned_responses_are_written_with_inline_errors_and_deleted_after_confirming_while_agents_never_see_settings()
    {
        var admin = await _app.SignInAsync();
        (await admin.Http.PostAsJsonAsync("/api/agents", new
        {
            name = "Sofie Agent", email = "sofie@example.com", password = "agent-password-1", role = "agent", chatCapacity = 3,
        })).EnsureSuccessStatusCode();

        var agent = await SignInAsync("sofie@example.com", "agent-password-1");
        await Expect(agent.Locator("[data-testid=settings-link]")).ToBeHiddenAsync();
        await agent.GotoAsync(_app.Address + "inbox/#/settings/canned");
        await Expect(agent.Locator("[data-testid=settings]")).ToBeHiddenAsync();
        await Expect(agent.Locator(".panes")).ToBeVisibleAsync();

        var page = await SignInAsync(HelpdeskApp.AdminEmail, HelpdeskApp.AdminPassword);
        await page.ClickAsync("[data-testid=settings-link]");
        await page.ClickAsync("[data-testid=settings-nav-canned]");
        await Expect(page.Locator("[data-testid=canned-row]").First).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=canned-new]");

        await page.FillAsync("[data-testid=canned-shortcut]", "/size-guide");
        await page.FillAsync("[data-testid=canned-title]", "Size guide");
        await page.SelectOptionAsync("[data-testid=canned-locale]", "en");
        await page.FillAsync("[data-testid=canned-body]", "Hi ");
        await page.ClickAsync("[data-testid=canned-variable][data-variable='customer.firstName']");
        await page.Locator("[data-testid=canned-body]").PressSequentiallyAsync(", you are {{customer.age}}.");
        await Expect(page.Locator("[data-testid=canned-body]")).ToHaveValueAsync("Hi {{customer.firstName}}, you are {{customer.age}}.");
        await page.ClickAsync("[data-testid=canned-save]");

        var body = page.Locator("[data-testid=canned-body]");
        await Expect(body).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#canned-body-error")).ToContainTextAsync("{{customer.age}}");
        await Expect(page.Locator("[data-testid=canned-title]")).ToHaveValueAsync("Size guide");

        await body.FillAsync("Hi {{customer.firstName}}, our size guide is on every product page.");
        await page.ClickAsync("[data-testid=canned-save]");
        var row = page.Locator("[data-testid=canned-row][data-shortcut=size-guide]");
        await Expect(row).ToHaveCountAsync(1);
        await page.FillAsync("[data-testid=canned-search]", "SIZE GUIDE");
        await Expect(page.Locator("[data-testid=canned-row]")).ToHaveCountAsync(1);

        await row.ClickAsync();
        await page.ClickAsync("[data-testid=canned-delete]");
        var dialog = page.Locator("[data-testid=confirm-dialog]");
        await Expect(dialog).ToContainTextAsync("/size-guide");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        var all = await admin.Http.GetFromJsonAsync<JsonElement>("/api/canned-responses");
        Assert.Contains(all.EnumerateArray(), r => r.GetProperty("shortcut").GetString() == "size-guide");

        await page.ClickAsync("[data-testid=canned-delete]");
        await page.ClickAsync("[data-testid=confirm-yes]");
        await Expect(page.Locator("[data-testid=canned-table]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=canned-row][data-shortcut=size-guide]")).ToHaveCountAsync(0);
        all = await admin.Http.GetFromJsonAsync<JsonElement>("/api/canned-responses");
        Assert.DoesNotContain(all.EnumerateArray(), r => r.GetProperty("shortcut").GetString() == "size-guide");
    }
}
