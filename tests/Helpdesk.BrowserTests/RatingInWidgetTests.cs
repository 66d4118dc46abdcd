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

        // The link in the message opens the survey page, which asks about the conversation, not an order.
        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        var body = detail.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("sender").GetString() == "auto").GetProperty("body").GetString()!;
        var token = System.Text.RegularExpressions.Regex.Match(body, @"/survey/([A-Za-z0-9_-]{43})\s").Groups[1].Value;
        await shopper.GotoAsync($"{baseUrl}/survey/{token}");
        await Expect(shopper.GetByTestId("order")).ToHaveTextAsync("Din samtale med os");
        await Expect(shopper.GetByTestId("answer")).ToContainTextAsync("5 ud af 5");
        await shopper.GetByTestId("change-answer").ClickAsync();
        await Expect(shopper.GetByText("Hvor tilfreds er du med den hjælp, du fik?")).ToBeVisibleAsync();
        await Expect(shopper.GetByTestId("nps-3")).ToHaveCountAsync(0);
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-rating-da-page.png"), FullPage = true });
        await context.DisposeAsync();
    }

    [Fact]
    public async Task An_admins_own_question_keeps_its_words_around_the_rating_and_names_the_agent()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');
        await using var admin = await _app.SignInAsync();
        var settings = await admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings");
        (await admin.Http.PutAsJsonAsync("/api/surveys/settings", new
        {
            enabled = settings.GetProperty("enabled").GetBoolean(), trigger = settings.GetProperty("trigger").GetString(),
            delayHours = settings.GetProperty("delayHours").GetInt32(), cooldownDays = settings.GetProperty("cooldownDays").GetInt32(),
            lowScoreThreshold = settings.GetProperty("lowScoreThreshold").GetInt32(),
            afterResolution = new { enabled = true, delayMinutes = 0 },
        })).EnsureSuccessStatusCode();
        var english = (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=resolution-survey"))!
            .Single(t => t.GetProperty("locale").GetString() == "en");
        (await admin.Http.PutAsJsonAsync($"/api/canned-responses/{english.GetProperty("id").GetInt64()}", new
        {
            shortcut = "resolution-survey", title = "How did I do?", locale = "en", purpose = "resolution-survey",
            body = "{{agent.name}} here. How did I do? Tap a score: {{survey.url}}.\n\nHave a great trip!",
        })).EnsureSuccessStatusCode();

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var shopper = await context.NewPageAsync();
        await shopper.GotoAsync($"{baseUrl}/demo/?lang=en");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Is the Fjell jacket waterproof?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);
        var open = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open&limit=200");
        var id = open!.Single(c => c.GetProperty("lastMessagePreview").GetString()!.Contains("Fjell jacket")).GetProperty("id").GetInt64();
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{id}/status", new { status = "resolved" })).EnsureSuccessStatusCode();

        await Expect(shopper.Locator("[data-testid=hd-rating]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var asked = shopper.Locator("[data-testid=hd-message][data-sender=auto]").Last.Locator(".body");
        await Expect(asked).ToHaveTextAsync($"{admin.Name} here. How did I do? Tap a score\n\nHave a great trip!");
        await Expect(shopper.Locator("[data-testid=hd-survey-link]")).ToHaveCountAsync(0);
        await Expect(shopper.Locator("[data-testid=hd-rating] [data-testid=hd-survey-unsubscribe]")).ToHaveCountAsync(1);
        await shopper.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-rating-en-own-text.png") });
        await shopper.GetByRole(AriaRole.Button, new() { Name = "4 of 5" }).ClickAsync();
        await Expect(shopper.Locator("[data-testid=hd-rating-4]")).ToHaveAttributeAsync("aria-pressed", "true");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_sets_asking_after_a_resolution_in_Danish_and_a_delay_out_of_range_is_refused()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 }, Locale = "da-DK" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("[data-testid=conversation-item]").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await page.GotoAsync($"{baseUrl}/inbox/#/settings/survey-settings");

        var enabled = page.GetByLabel("Spørg, hvordan vi klarede det, hver gang en samtale er løst");
        await Expect(enabled).ToBeCheckedAsync();
        await Expect(page.GetByTestId("survey-afterDelayMinutes")).ToHaveValueAsync("5");
        await Expect(page.GetByTestId("survey-afterDelayMinutes-hint")).ToHaveTextAsync("Spørg 5 minutter efter, at samtalen er løst.");

        await enabled.UncheckAsync();
        await page.GetByTestId("survey-afterDelayMinutes").FillAsync("20000");
        await page.GetByTestId("survey-settings-save").ClickAsync();
        await Expect(page.Locator("#survey-afterDelayMinutes[aria-invalid=true]")).ToBeFocusedAsync();
        await Expect(page.GetByText("Angiv et helt tal fra 0 til 10080.").First).ToBeVisibleAsync();
        await page.GetByTestId("survey-afterDelayMinutes").FillAsync("30");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-survey-settings-da.png"), FullPage = true });
        await page.GetByTestId("survey-settings-save").ClickAsync();
        await Expect(page.GetByTestId("survey-settings-save-state")).Not.ToBeEmptyAsync();

        await using var admin = await _app.SignInAsync();
        var saved = await Eventually.Until(() => admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings"),
            s => s.GetProperty("afterResolution").GetProperty("delayMinutes").GetInt32() == 30);
        Assert.False(saved.GetProperty("afterResolution").GetProperty("enabled").GetBoolean());
        await context.DisposeAsync();
    }
}
