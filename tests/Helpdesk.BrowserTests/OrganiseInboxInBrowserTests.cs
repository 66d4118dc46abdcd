using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>An agent sorts the demo shop's inbox: labels a conversation, filters by the label, snoozes it.</summary>
public sealed class OrganiseInboxInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new(settings: new() { ["Seed:Demo"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_agent_labels_a_conversation_filters_by_the_label_and_snoozes_it_out_of_the_open_list()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var agent = await context.NewPageAsync();
        await agent.GotoAsync($"{baseUrl}/inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        var items = agent.Locator("[data-testid=conversation-item]");
        await Expect(items.First).ToBeVisibleAsync();
        var href = await items.First.GetAttributeAsync("href");
        var item = agent.Locator($"[data-testid=conversation-item][href='{href}']");
        await item.ClickAsync();

        // Typed with the keyboard alone: a new label is created and put on the conversation.
        await agent.ClickAsync("[data-testid=label-button]");
        await agent.FillAsync("[data-testid=label-input]", " Refund Asked ");
        await agent.Keyboard.PressAsync("Enter");
        await Expect(agent.Locator("[data-testid=conversation-labels] [data-testid=label-chip]")).ToHaveTextAsync("refund asked");
        await Expect(item.Locator("[data-testid=label-chip]")).ToHaveTextAsync("refund asked");
        await Expect(agent.Locator("[data-testid=label-option]")).ToBeCheckedAsync();
        await agent.Keyboard.PressAsync("Escape");
        await Expect(agent.Locator("[data-testid=label-panel]")).ToBeHiddenAsync();

        // The filter shows only the labelled conversation.
        await agent.SelectOptionAsync("[data-testid=label-filter]", "refund asked");
        await Expect(items).ToHaveCountAsync(1);
        await Expect(item).ToHaveCountAsync(1);

        await agent.SelectOptionAsync("[data-testid=snooze]", "tomorrow");
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Snoozed");
        await Expect(item).ToHaveCountAsync(0);
        await agent.SelectOptionAsync("[data-testid=label-filter]", "");
        await Expect(items.First).ToBeVisibleAsync();
        await Expect(item).ToHaveCountAsync(0);
        await agent.ClickAsync("[data-testid=status-tab][data-status=snoozed]");
        await Expect(item).ToHaveCountAsync(1);
    }
}
