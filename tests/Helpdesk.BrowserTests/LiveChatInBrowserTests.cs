using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>A shopper on the demo storefront and an agent in the inbox, each in their own browser context.</summary>
public sealed class LiveChatInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Payload = "<img src=x onerror=\"window.__pwned=1\">";
    private readonly HelpdeskApp _app = new(settings: new() { ["Seed:Demo"] = "true" });
    private readonly List<string> _dialogs = [];

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IPage> PageAsync(ViewportSize? viewport = null)
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = viewport ?? new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Dialog += (_, d) => { _dialogs.Add(d.Message); _ = d.DismissAsync(); };
        return page;
    }

    /// <summary>The inbox, signed in as the admin.</summary>
    private async Task<IPage> AgentAsync(string baseUrl)
    {
        var agent = await PageAsync();
        await agent.GotoAsync($"{baseUrl}/inbox/");
        await agent.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await agent.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await agent.ClickAsync("#login-submit");
        return agent;
    }

    [Fact]
    public async Task Shopper_and_agent_exchange_messages_and_markup_stays_inert_text()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');

        var agent = await AgentAsync(baseUrl);
        await Expect(agent.Locator("[data-testid=conversation-item]").First).ToBeVisibleAsync();

        var shopper = await PageAsync(new() { Width = 390, Height = 844 });
        await shopper.GotoAsync($"{baseUrl}/demo/");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Hello, is the Vidde tent back in stock?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);
        await shopper.FillAsync("[data-testid=hd-input]", Payload);
        await shopper.Keyboard.PressAsync("Enter");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(2);

        // The conversation appears live in the inbox; the agent opens it.
        var item = agent.Locator("[data-testid=conversation-item]", new() { HasText = Payload });
        await Expect(item).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await item.First.ClickAsync();
        var thread = agent.Locator("[data-testid=conversation] [data-testid=message-body]");
        await Expect(thread.Filter(new() { HasText = "Vidde tent" })).ToBeVisibleAsync();
        await Expect(thread.Filter(new() { HasText = Payload })).ToHaveCountAsync(1);

        await agent.FillAsync("[data-testid=composer]", "Yes! It arrived this morning. " + Payload);
        await agent.ClickAsync("[data-testid=send]");
        await agent.ClickAsync("[data-testid=note-toggle]");
        await agent.FillAsync("[data-testid=composer]", "Internal: offer free shipping");
        await agent.ClickAsync("[data-testid=send]");
        await Expect(agent.Locator("[data-testid=message][data-private=true]")).ToHaveCountAsync(1);

        var reply = shopper.Locator("[data-testid=hd-message][data-sender=agent] [data-testid=hd-message-body]");
        await Expect(reply).ToHaveTextAsync("Yes! It arrived this morning. " + Payload);
        await Expect(shopper.GetByText("Internal: offer free shipping")).ToHaveCountAsync(0);

        // Markup from either side is shown as text and never runs.
        Assert.Equal(0, await shopper.Locator("img[src=x]").CountAsync());
        Assert.Equal(0, await agent.Locator("img[src=x]").CountAsync());
        Assert.Null(await shopper.EvaluateAsync<int?>("() => window.__pwned"));
        Assert.Null(await agent.EvaluateAsync<int?>("() => window.__pwned"));
        Assert.Empty(_dialogs);

        // A reload continues the same conversation.
        await shopper.ReloadAsync();
        // The widget reopens as the shopper left it; the page's own "chat with us" call opens it too.
        await shopper.WaitForFunctionAsync("() => window.HelpdeskWidget");
        await shopper.EvaluateAsync("() => window.HelpdeskWidget.open()");
        await Expect(shopper.Locator("[data-testid=hd-panel]")).ToBeVisibleAsync();
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer]")).ToHaveCountAsync(2);
        await Expect(reply).ToHaveTextAsync("Yes! It arrived this morning. " + Payload);
    }

    [Fact]
    public async Task An_agent_snoozes_a_chat_out_of_the_queue_and_the_shoppers_next_message_brings_it_back()
    {
        var baseUrl = _app.Address.ToString().TrimEnd('/');
        var agent = await AgentAsync(baseUrl);

        var shopper = await PageAsync(new() { Width = 390, Height = 844 });
        await shopper.GotoAsync($"{baseUrl}/demo/");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Will the Fjell jacket come back in size M?");
        await shopper.ClickAsync("[data-testid=hd-send]");

        var asked = agent.Locator("[data-testid=conversation-item]", new() { HasText = "Fjell jacket" });
        await asked.First.ClickAsync(new() { Timeout = 10_000 });
        // The list item links to the conversation, whatever its latest message says.
        var item = agent.Locator($"[data-testid=conversation-item][href='{await asked.First.GetAttributeAsync("href")}']");
        await agent.SelectOptionAsync("[data-testid=snooze]", "tomorrow");
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Snoozed");
        await Expect(agent.Locator("#conversation-priority")).ToContainTextAsync("snoozed until");
        // Gone from the open queue, listed under Snoozed.
        await Expect(item).ToHaveCountAsync(0);
        await agent.ClickAsync("[data-testid=status-tab][data-status=snoozed]");
        await Expect(item).ToHaveCountAsync(1);

        await shopper.FillAsync("[data-testid=hd-input]", "Or size L, if that is easier?");
        await shopper.Keyboard.PressAsync("Enter");
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Open", new() { Timeout = 10_000 });
        await Expect(item).ToHaveCountAsync(0);
        await agent.ClickAsync("[data-testid=status-tab][data-status=open]");
        await Expect(item).ToHaveCountAsync(1);
    }
}
