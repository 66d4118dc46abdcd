using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An agent types into the search box above the list and finds the conversation, the words marked.</summary>
public sealed class SearchInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task Typing_in_the_search_box_shows_the_matching_conversation_with_the_words_marked(int width, int height)
    {
        var admin = await _app.SignInAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(admin)).PublicKey;
        await using var kayak = await _app.ShopperAsync(publicKey, "Mette Kristensen");
        var wanted = await kayak.SendAsync("The <b>rødgrød</b> stain will not come off my kayak cover.");
        await using var other = await _app.ShopperAsync(publicKey, "Jonas Madsen");
        await other.SendAsync("When does the tent ship?");

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var agent = await context.NewPageAsync();
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        var items = agent.Locator("[data-testid=conversation-item]");
        await Expect(items).ToHaveCountAsync(2);

        var box = agent.GetByRole(AriaRole.Searchbox, new() { Name = "Search conversations" });
        await box.PressSequentiallyAsync("rødgr", new() { Delay = 30 });

        await Expect(items).ToHaveCountAsync(1);
        await Expect(items.First).ToHaveAttributeAsync("data-id", wanted.ConversationId.ToString());
        var match = items.First.Locator("[data-testid=search-match]");
        await Expect(match).ToContainTextAsync("The <b>rødgrød</b> stain");
        await Expect(match.Locator("mark")).ToHaveTextAsync("rødgrød");
        // The customer's text stays text: their markup is shown, never made into elements.
        await Expect(match.Locator("b")).ToHaveCountAsync(0);
        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"helpdesk-search-{width}.png") });

        await box.FillAsync("nothing-like-this");
        await Expect(agent.Locator("#list-message")).ToHaveTextAsync("No conversations match “nothing-like-this”.");
        await Expect(items).ToHaveCountAsync(0);

        await box.PressAsync("Escape");
        await Expect(box).ToHaveValueAsync("");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.Locator("[data-testid=search-match]")).ToHaveCountAsync(0);
    }
}
