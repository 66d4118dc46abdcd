using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using MimeKit;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A Danish customer answers the survey from the mail on a small phone, unhappily, and then changes their mind.</summary>
public sealed class SurveyInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string StoreKey = "store-api-key-0123456789";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private HelpdeskApp _app = null!;
    private string Mail => Path.Combine(_app.DataDirectory, "mail");

    public Task InitializeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-survey-browser-").FullName;
        _app = new HelpdeskApp(folder, new()
        {
            ["Surveys:PollMilliseconds"] = "50", ["Outbox:PollMilliseconds"] = "50", ["Smtp:PickupDirectory"] = Path.Combine(folder, "mail"),
        }, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_Danish_customer_answers_on_a_small_phone_and_a_low_score_reaches_an_agent()
    {
        var admin = await _app.SignInAsync();
        var storefront = await _app.CreateStorefrontChannelAsync(admin, StoreKey);
        await HelpdeskApp.CreateChannelAsync(admin, "email", "mail-secret-0123456789", new { address = "kundeservice@nordlys.example" });
        await _app.SubmitOrderAsync(StoreKey, new
        {
            externalId = "1042", number = "#1042", customer = new { externalId = "c-7", email = "mette@example.dk", name = "Mette Kristensen" },
            placedAt = _time.GetUtcNow().AddDays(-3), total = 89.95m, currency = "DKK", status = "delivered", deliveredAt = _time.GetUtcNow(),
        });
        // She once chatted on the shop in Danish: that is her language.
        (await _app.Http().PostAsJsonAsync("/api/widget/sessions", new
        {
            publicKey = storefront.PublicKey, locale = "da",
            identity = new { customerId = "c-7", signature = HelpdeskApp.IdentitySignature(StoreKey, "c-7") },
        })).EnsureSuccessStatusCode();

        _time.Advance(TimeSpan.FromHours(25));
        var mail = await Eventually.Until(
            () => Task.FromResult(Directory.Exists(Mail) ? Directory.GetFiles(Mail, "*.eml") : []), f => f.Length == 1);
        var text = MimeMessage.Load(mail[0]).TextBody;
        Assert.Contains("Tak fordi du handlede hos", text);
        var token = System.Text.RegularExpressions.Regex.Match(text, @"/survey/([A-Za-z0-9_-]{43})").Groups[1].Value;

        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 320, Height = 568 }, IsMobile = true, HasTouch = true, Locale = "da-DK",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_app.Address}survey/{token}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "da");
        await Expect(page.GetByText("Hvor tilfreds er du med din ordre?")).ToBeVisibleAsync();
        await Expect(page.GetByText("Ordre #1042")).ToBeVisibleAsync();
        // Nothing is wider than the phone.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));

        // Sending without a score says what is missing, in Danish.
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByText("Vælg en bedømmelse, før du sender.")).ToBeVisibleAsync();

        // By keyboard: the first score, then one step right.
        await page.GetByTestId("score-1").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("score-2")).ToBeCheckedAsync();
        await page.GetByTestId("score-2").CheckAsync(new() { Force = true });
        await page.GetByTestId("nps-3").CheckAsync(new() { Force = true });
        await page.GetByLabel("Er der andet, du gerne vil fortælle os?").FillAsync("Lynlåsen gik i stykker på første tur.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-survey-da-form.png"), FullPage = true });
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page.GetByTestId("thanks")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("thanks")).ToContainTextAsync("Tak!");
        await Expect(page.GetByTestId("answer")).ToContainTextAsync("2 ud af 5");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-survey-da-thanks.png"), FullPage = true });

        // The unhappy answer is at the top of the agents' queue, with her words first.
        admin = await _app.SignInAsync();
        var queue = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        var followUp = Assert.Single(queue!);
        Assert.Equal("Din feedback på ordre #1042", followUp.GetProperty("subject").GetString());
        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{followUp.GetProperty("id").GetInt64()}");
        Assert.Equal("Lynlåsen gik i stykker på første tur.", detail.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Equal(3, detail.GetProperty("survey").GetProperty("nps").GetInt32());

        // A reload shows the answer; she changes it.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("answer")).ToContainTextAsync("2 ud af 5");
        await page.GetByTestId("change-answer").ClickAsync();
        await Expect(page.GetByTestId("score-2")).ToBeCheckedAsync();
        await page.GetByTestId("score-4").CheckAsync(new() { Force = true });
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("answer")).ToContainTextAsync("4 ud af 5");
        var stored = await _app.Http().GetFromJsonAsync<JsonElement>($"/api/surveys/{token}");
        Assert.Equal(4, stored.GetProperty("score").GetInt32());
        Assert.Equal("da", stored.GetProperty("locale").GetString());
        await context.DisposeAsync();
    }
}
