using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A conversation of many messages opens at its latest; scrolling up brings older ones without losing the place.</summary>
public sealed class LongConversationInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Scrolling_up_a_long_conversation_loads_older_messages_and_keeps_the_place()
    {
        var admin = await _app.SignInAsync();
        var (_, key) = await _app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await _app.ShopperAsync(key, "Ingrid Solberg");
        long conversationId = 0;
        for (var i = 1; i <= 120; i++) conversationId = (await shopper.SendAsync($"Message {i}")).ConversationId;

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var agent = await context.NewPageAsync();
        // The inbox runs under its Content-Security-Policy: anything it would block shows up here.
        var refused = new List<string>();
        agent.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) refused.Add(m.Text); };
        agent.PageError += (_, e) => refused.Add(e);
        await agent.GotoAsync(_app.Address + "inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        await agent.ClickAsync($"[data-testid=conversation-item][data-id=\"{conversationId}\"]");

        var thread = agent.Locator("#thread");
        var bodies = thread.Locator("[data-testid=message-body]");
        await Expect(bodies).ToHaveCountAsync(50);
        await Expect(bodies.Last).ToHaveTextAsync("Message 120");
        await Expect(bodies.Last).ToBeInViewportAsync();
        await Expect(bodies.First).ToHaveTextAsync("Message 71");

        await thread.EvaluateAsync("t => t.scrollTop = 0");
        await Expect(bodies).ToHaveCountAsync(100);
        await Expect(bodies.First).ToHaveTextAsync("Message 21");
        // The message the agent had scrolled up to stays where it was, not pushed away by the older ones.
        await Expect(thread.Locator("[data-testid=message-body]", new() { HasTextString = "Message 71" })).ToBeInViewportAsync();
        await Expect(thread.Locator("[data-testid=message-body]", new() { HasTextString = "Message 21" })).Not.ToBeInViewportAsync();

        await thread.EvaluateAsync("t => t.scrollTop = 0");
        await Expect(bodies).ToHaveCountAsync(120);
        await Expect(bodies.First).ToHaveTextAsync("Message 1");
        await Expect(agent.Locator("[data-testid=loading-older]")).ToHaveCountAsync(0);

        await agent.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "helpdesk-long-conversation.png") });
        Assert.Empty(refused);
    }
}
