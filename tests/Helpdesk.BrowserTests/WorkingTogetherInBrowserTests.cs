using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>Two agents in two browsers on one conversation: each sees the other, is warned before answering over them, and can mention them.</summary>
public sealed class WorkingTogetherInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Question = "Has my parcel left the warehouse?";
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> InboxAsync(string email, string password, int width, int height)
    {
        var page = await (await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } })).NewPageAsync();
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", email);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task B_sees_A_viewing_and_typing_is_warned_before_replying_and_A_mentions_B_in_a_note()
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin)).PublicKey;
        (await admin.Http.PostAsJsonAsync("/api/agents", new { name = "Lukas Berg", email = "lukas@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 }))
            .EnsureSuccessStatusCode();
        await using var shopper = await _app.ShopperAsync(publicKey, "Emily");
        var conversation = (await shopper.SendAsync(Question)).ConversationId;

        var a = await InboxAsync(HelpdeskApp.AdminEmail, HelpdeskApp.AdminPassword, 1440, 900);
        var b = await InboxAsync("lukas@shop.example", "a-long-password", 390, 844);

        await a.Locator("[data-testid=conversation-item]", new() { HasText = Question }).ClickAsync();
        await Expect(a.Locator("#thread")).ToContainTextAsync(Question);
        // In B's list, the row shows that someone is inside.
        await Expect(b.Locator("[data-testid=row-together]")).ToHaveAttributeAsync("aria-label", $"Open by {admin.Name}");

        await b.GotoAsync(_app.Address + $"inbox/#/conversations/{conversation}");
        await Expect(b.Locator("[data-testid=viewers]")).ToContainTextAsync($"{admin.Name} viewing");
        await Expect(a.Locator("[data-testid=viewers]")).ToContainTextAsync("Lukas Berg viewing");

        // A types a reply: B sees it, and is warned on starting a reply of their own.
        await a.Locator("[data-testid=composer]").PressSequentiallyAsync("It left this morning");
        await Expect(b.Locator("[data-testid=colleague-typing]")).ToHaveTextAsync($"{admin.Name} is typing a reply…");
        await b.Locator("[data-testid=composer]").FocusAsync();
        var warning = b.Locator("[data-testid=reply-warning]");
        await Expect(warning).ToContainTextAsync($"{admin.Name} is typing a reply. Reply anyway?");
        await b.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "together-b-390.png") });
        await a.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "together-a-1440.png") });
        // A note is never held back: switching to one hides the warning.
        await b.ClickAsync("[data-testid=note-toggle]");
        await Expect(warning).ToBeHiddenAsync();

        // A mentions B in a note: "@" offers the team, Enter picks.
        await a.Locator("[data-testid=composer]").FillAsync("");
        await a.ClickAsync("[data-testid=note-toggle]");
        await a.Locator("[data-testid=composer]").PressSequentiallyAsync("@Lu");
        await Expect(a.Locator("[data-testid=mention-option]")).ToHaveTextAsync(["LBLukas Berg"]);
        await a.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "together-a-mention-1440.png") });
        await a.Locator("[data-testid=composer]").PressAsync("Enter");
        await Expect(a.Locator("[data-testid=composer]")).ToHaveValueAsync("@Lukas Berg ");
        await a.Locator("[data-testid=composer]").PressSequentiallyAsync("can you check the tracking?");
        await a.Locator("[data-testid=composer]").PressAsync("Enter");
        await Expect(a.Locator("[data-testid=message][data-private=true]:not([data-pending])")).ToHaveCountAsync(1);

        // B had the conversation open: it counts as read; once elsewhere, a new mention shows in the badge.
        const string UnreadCount = "() => fetch('/api/mentions?unread=true').then(r => r.json()).then(m => m.length)";
        // The mention is written after the note is stored, so it may follow the note by a moment.
        Assert.Equal(1, await Eventually.Until(
            () => b.EvaluateAsync<int>("() => fetch('/api/mentions').then(r => r.json()).then(m => m.length)"), n => n == 1));
        Assert.Equal(0, await Eventually.Until(() => b.EvaluateAsync<int>(UnreadCount), n => n == 0));
        await b.GotoAsync(_app.Address + "inbox/#/");
        await Expect(a.Locator("[data-testid=viewers]")).ToBeHiddenAsync();
        var mentioned = b.EvaluateAsync<string>("() => new Promise(r => window.addEventListener('helpdesk:mention', e => r(e.detail.by.name), { once: true }))");
        await a.Locator("[data-testid=composer]").PressSequentiallyAsync("@Lu");
        await a.Locator("[data-testid=composer]").PressAsync("Enter");
        await a.Locator("[data-testid=composer]").PressSequentiallyAsync("one more thing");
        await a.Locator("[data-testid=composer]").PressAsync("Enter");
        Assert.Equal(admin.Name, await mentioned);
        await Expect(b.Locator("[data-testid=mention-badge]")).ToHaveAttributeAsync("aria-label", "1 unread mention");
        await b.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "together-b-list-390.png") });
        Assert.Equal(1, await b.EvaluateAsync<int>(UnreadCount));
        await b.ClickAsync("[data-testid=mention-badge]");
        await Expect(b.Locator("#thread")).ToContainTextAsync("one more thing");
        await Expect(b.Locator("[data-testid=mention-badge]")).ToBeHiddenAsync();

        // The shopper saw neither note.
        Assert.Single(await shopper.GetMessagesAsync());
    }
}
