using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A Danish shopper on a phone rates the chat an agent has just resolved, right in the widget.</summary>
public sealed class RatingInWidgetTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new(settings: new() { ["Seed:Demo"] = "true", ["Surveys:PollMilliseconds"] = "50" });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_resolved_chat_is_rated_inline_on_a_phone_with_the_keyboard_and_stays_answered_after_a_reload()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');
        await using var admin = await _app.SignInAsync();
        // Asked at once, so the test need not wait the shop's usual five minutes.
        var settings = await admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings");
        (await admin.Http.PutAsJsonAsync("/api/surveys/settings", new
        {
            enabled = settings.GetProperty("enabled").GetBoolean(), trigger = settings.GetProperty("trigger").GetString(),
            delayHours = settings.GetProperty("delayHours").GetInt32(), cooldownDays = settings.GetProperty("cooldownDays").GetInt32(),
            lowScoreThreshold = settings.GetProperty("lowScoreThreshold").GetInt32(),
            afterResolution = new { enabled = true, delayMinutes = 0 },
        })).EnsureSuccessStatusCode();

        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "da-DK",
        });
        var shopper = await context.NewPageAsync();
        await shopper.GotoAsync($"{baseUrl}/demo/?lang=da");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Kan jeg bytte Fjell-jakken til en større størrelse?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);

        var open = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open&limit=200");
        var id = open!.Single(c => c.GetProperty("lastMessagePreview").GetString()!.Contains("Fjell-jakken")).GetProperty("id").GetInt64();
        await admin.ConnectAsync();
        await admin.ReplyAsync(id, "Ja, selvfølgelig. Du får en returlabel på mail i dag.");
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{id}/status", new { status = "resolved" })).EnsureSuccessStatusCode();

        // The question arrives in the chat as five buttons, not as a link to follow.
        var rating = shopper.Locator("[data-testid=hd-rating]");
        await Expect(rating).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=auto]").Last).ToContainTextAsync("Hvordan klarede vi det?");
        await Expect(shopper.GetByRole(AriaRole.Group, new() { Name = "Hvordan klarede vi det?" })).ToBeVisibleAsync();
        await Expect(shopper.Locator("[data-testid=hd-survey-link]")).ToHaveCountAsync(0);
        await Expect(shopper.GetByRole(AriaRole.Button, new() { Name = "5 ud af 5" })).ToBeVisibleAsync();
        Assert.True(await shopper.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-rating-da-asked.png") });

        // By keyboard: to the five, and Enter.
        await shopper.Locator("[data-testid=hd-rating-4]").FocusAsync();
        await shopper.Keyboard.PressAsync("Tab");
        await shopper.Keyboard.PressAsync("Enter");
        await Expect(shopper.Locator("[data-testid=hd-rating-5]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(shopper.Locator("[data-testid=hd-rating-note]")).ToHaveTextAsync("Tak for din bedømmelse!");
        var comment = shopper.GetByLabel("Er der andet, du vil fortælle os? (valgfrit)");
        await Expect(comment).ToBeFocusedAsync();
        await comment.FillAsync("Hurtigt og venligt svar.");
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-rating-da-comment.png") });
        await shopper.ClickAsync("[data-testid=hd-rating-send]");
        await Expect(shopper.Locator("[data-testid=hd-rating-note]")).ToHaveTextAsync("Tak for din feedback!");
        await Expect(shopper.Locator("[data-testid=hd-rating-comment]")).ToBeHiddenAsync();

        var results = await admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys");
        var item = results.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("conversationId").ValueKind == JsonValueKind.Number
            && i.GetProperty("conversationId").GetInt64() == id);
        Assert.Equal(5, item.GetProperty("score").GetInt32());
        Assert.Equal("Hurtigt og venligt svar.", item.GetProperty("comment").GetString());
        Assert.Equal(admin.Id, item.GetProperty("agent").GetProperty("id").GetInt64());

        // After a reload the chat shows the answer given.
        await shopper.ReloadAsync();
        await shopper.WaitForFunctionAsync("() => window.HelpdeskWidget");
        await shopper.EvaluateAsync("() => window.HelpdeskWidget.open()");
        await Expect(shopper.Locator("[data-testid=hd-rating][data-answered=true]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(shopper.Locator("[data-testid=hd-rating-note]")).ToHaveTextAsync("Du gav os 5 ud af 5.");
        await Expect(shopper.Locator("[data-testid=hd-rating-5]")).ToHaveAttributeAsync("aria-pressed", "true");
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-rating-da-answered.png") });
        await context.DisposeAsync();
    }
}
