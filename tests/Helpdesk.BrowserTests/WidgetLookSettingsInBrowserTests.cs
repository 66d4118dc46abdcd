using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An admin sets the storefront widget's look, watching the real widget change in the preview.</summary>
public sealed class WidgetLookSettingsInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_preview_follows_the_form_and_the_saved_look_reaches_shop_pages()
    {
        var admin = await _app.SignInAsync();
        var (_, publicKey) = await _app.CreateStorefrontChannelAsync(admin);
        var page = await (await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } })).NewPageAsync();
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=settings-link]");
        await page.ClickAsync("[data-testid=settings-nav-widget-look]");
        var preview = page.FrameLocator("[data-testid=widget-look-preview]");
        var launcher = preview.Locator("[data-testid=hd-launcher]");
        await Expect(preview.Locator("[data-testid=hd-welcome]")).ToHaveTextAsync("Hi there! How can we help you today?");

        await page.UncheckAsync("[data-testid=widget-look-standard]");
        await page.FillAsync("[data-testid=widget-look-color-code]", "#ffd400");
        await page.CheckAsync("[data-testid=widget-look-bottom-left]");
        await page.FillAsync("[data-testid=widget-look-greeting-en]", "Hi! Planning a trip north?");
        await Expect(preview.Locator("[data-testid=hd-welcome]")).ToHaveTextAsync("Hi! Planning a trip north?");
        await Expect(launcher).ToHaveCSSAsync("background-color", "rgb(255, 212, 0)");
        await Expect(launcher).ToHaveCSSAsync("color", "rgb(0, 0, 0)");
        // Boxes are in the page's coordinates: the launcher sits at the left of the framed page.
        var frameBox = (await page.Locator("[data-testid=widget-look-preview]").BoundingBoxAsync())!;
        Assert.True((await launcher.BoundingBoxAsync())!.X - frameBox.X < 100);

        // A colour that is not one is caught before it is sent.
        await page.FillAsync("[data-testid=widget-look-color-code]", "red;background:url(x)");
        await page.ClickAsync("[data-testid=widget-look-save]");
        await Expect(page.Locator("#widget-look-color-error")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=widget-look-color-code]")).ToBeFocusedAsync();

        await page.FillAsync("[data-testid=widget-look-color-code]", "#FFD400");
        await page.ClickAsync("[data-testid=widget-look-save]");
        await Expect(page.Locator("[data-testid=widget-look-save-state]")).ToHaveTextAsync("All changes saved");
        var config = await _app.Http().GetFromJsonAsync<JsonElement>($"/api/widget/config?key={publicKey}");
        Assert.Equal("#ffd400", config.GetProperty("color").GetString());
        Assert.Equal("bottom-left", config.GetProperty("position").GetString());
        Assert.Equal("Hi! Planning a trip north?", config.GetProperty("greeting").GetProperty("en").GetString());
        Assert.False(config.GetProperty("greeting").TryGetProperty("da", out _));

        // The preview speaks the language chosen for it.
        await page.SelectOptionAsync("[data-testid=widget-look-preview-language]", "da");
        await Expect(preview.Locator("[data-testid=hd-welcome]")).ToHaveTextAsync("Hej! Hvordan kan vi hjælpe dig i dag?");
    }
}
