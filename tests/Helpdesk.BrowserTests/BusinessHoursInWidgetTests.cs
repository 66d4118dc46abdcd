using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A shopper on a phone, far from the shop's time zone, writes while the shop is closed.</summary>
public sealed class BusinessHoursInWidgetTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string ShopZone = "Europe/Copenhagen";
    private const string ShopperZone = "America/New_York";
    private readonly HelpdeskApp _app = new(settings: new() { ["Seed:Demo"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Closed_shop_tells_the_shopper_when_it_is_back_in_their_own_time_and_answers_automatically()
    {
        var admin = await _app.SignInAsync();
        var channels = await admin.Http.GetFromJsonAsync<JsonElement>("/api/channels");
        var demo = channels.EnumerateArray().First(c => c.GetProperty("publicKey").GetString() == "demo-storefront");
        var channelId = demo.GetProperty("id").GetInt64();

        // Open on weekdays, but closed all of today for stocktaking: whatever the hour, it is closed now.
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(ShopZone)).ToString("yyyy-MM-dd");
        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" };
        var saved = await admin.Http.PutAsJsonAsync($"/api/channels/{channelId}/business-hours", new
        {
            timeZone = ShopZone,
            weekly = weekdays.Select(day => new { day, open = "09:00", close = "17:00" }),
            exceptions = new[] { new { date = today, name = "Stocktaking", closed = true, hours = (object?)null } },
        });
        saved.EnsureSuccessStatusCode();
        var status = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{channelId}/business-hours/status");
        Assert.False(status.GetProperty("open").GetBoolean());

        // The shopper reads the reopening on their own clock and calendar.
        var shopperZone = TimeZoneInfo.FindSystemTimeZoneById(ShopperZone);
        var back = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(status.GetProperty("nextOpenAt").GetString()!, CultureInfo.InvariantCulture), shopperZone);
        var days = (back.Date - TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shopperZone).Date).Days;
        Assert.InRange(days, 0, 6);
        var day = days switch { 0 => "today", 1 => "tomorrow", _ => back.ToString("dddd", CultureInfo.GetCultureInfo("en-GB")) };
        var time = back.ToString("HH:mm", CultureInfo.InvariantCulture);

        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            TimezoneId = ShopperZone, Locale = "en-GB",
        });
        var shopper = await context.NewPageAsync();
        await shopper.GotoAsync(_app.Address + "demo/");
        await shopper.ClickAsync("[data-testid=hd-launcher]");

        var hours = shopper.Locator("[data-testid=hd-hours]");
        await Expect(hours).ToHaveAttributeAsync("data-state", "closed");
        await Expect(hours.Locator("[data-testid=hd-hours-state]")).ToHaveTextAsync("Closed");
        await Expect(hours.Locator("[data-testid=hd-hours-text]")).ToHaveTextAsync($"Back {day} at {time}");
        var notice = shopper.Locator("[data-testid=hd-offline]");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToHaveAttributeAsync("data-reason", "closed");
        await Expect(notice.Locator("[data-testid=hd-offline-title]")).ToHaveTextAsync($"We're closed right now — back {day} at {time}");
        await Expect(notice.Locator("[data-testid=hd-email]")).ToBeVisibleAsync();

        await shopper.FillAsync("[data-testid=hd-input]", "Hello, do you ship to Tromsø before Christmas?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);

        // The automatic reply says it is one, and tells the same reopening time in the shopper's zone.
        var auto = shopper.Locator("[data-testid=hd-message][data-sender=auto]");
        await Expect(auto).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Expect(auto.Locator("[data-testid=hd-auto-label]")).ToHaveTextAsync("Automatic reply");
        await Expect(auto.Locator("[data-testid=hd-message-body]")).ToContainTextAsync(time);
        Assert.Equal(0, await shopper.Locator("[data-testid=hd-message][data-sender=agent]").CountAsync());
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-widget-closed.png") });
    }
}
