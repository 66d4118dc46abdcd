using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>The inbox makes new work noticed, can be driven from the keyboard and keeps its place through a shift.</summary>
public sealed class InboxNoticeInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    // Records every desktop notification the inbox creates, and plays an agent whose eyes are on another window.
    private const string RecordNotifications = """
        window.__notifications = [];
        const Real = window.Notification;
        class Recording extends Real {
          constructor(title, options) {
            super(title, options);
            window.__notifications.push({ title, body: options?.body ?? '', notification: this });
          }
        }
        Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
        Recording.requestPermission = (...args) => Real.requestPermission(...args);
        window.Notification = Recording;
        document.hasFocus = () => false;
        """;

    // Keeps the inbox's sockets within reach, so the test can cut them as a failing network would.
    private const string RecordSockets = """
        window.__sockets = [];
        const RealSocket = window.WebSocket;
        window.WebSocket = class extends RealSocket {
          constructor(...args) {
            super(...args);
            window.__sockets.push(this);
          }
        };
        """;

    private readonly HelpdeskApp _app = new(settings: new() { ["Seed:Demo"] = "true" });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string BaseUrl => _app.Address.ToString().TrimEnd('/');

    private async Task<(IBrowserContext Context, IPage Page)> AgentAsync(string? initScript = null, int width = 1440, int height = 900)
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BaseUrl}/inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("[data-testid=conversation-item]").First).ToBeVisibleAsync();
        return (context, page);
    }

    private async Task<IPage> ShopperWritesAsync(string text)
    {
        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var shopper = await context.NewPageAsync();
        await shopper.GotoAsync($"{BaseUrl}/demo/");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", text);
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]")).ToHaveCountAsync(1);
        return shopper;
    }

    [Fact]
    public async Task A_new_chat_counts_in_the_tab_title_and_raises_a_desktop_notification_that_opens_it()
    {
        var (context, agent) = await AgentAsync(RecordNotifications);
        await context.GrantPermissionsAsync(["notifications"], new() { Origin = BaseUrl });
        await Expect(agent.Locator("[data-testid=count-open]")).ToHaveTextAsync(new Regex(@"^\d+$"));
        var openBefore = int.Parse(await agent.Locator("[data-testid=count-open]").TextContentAsync() ?? "0");
        await Expect(agent).ToHaveTitleAsync("Helpdesk");

        await ShopperWritesAsync("Is the Vidde tent back? See https://example.com/tents?id=7. Not javascript:alert(1)");

        await Expect(agent).ToHaveTitleAsync("(1) Helpdesk", new() { Timeout = 10_000 });
        await agent.WaitForFunctionAsync("() => window.__notifications.length === 1");
        var title = await agent.EvaluateAsync<string>("() => window.__notifications[0].title");
        Assert.StartsWith("New chat from", title);
        Assert.Contains("Vidde tent", await agent.EvaluateAsync<string>("() => window.__notifications[0].body"));
        var row = agent.Locator("[data-testid=conversation-item]", new() { HasText = "Vidde tent" });
        await Expect(row.Locator("[data-testid=new-marker]")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=count-open]")).ToHaveTextAsync((openBefore + 1).ToString());
        await Expect(agent.Locator("[data-testid=status-tab][data-status=open]"))
            .ToHaveAttributeAsync("aria-label", $"Open, {openBefore + 1} conversations");

        // Clicking the notification opens the conversation; opened, it is no longer new.
        await agent.EvaluateAsync("() => window.__notifications[0].notification.onclick()");
        await Expect(agent.Locator("[data-testid=conversation]")).ToBeVisibleAsync();
        await Expect(agent).ToHaveTitleAsync("Helpdesk");
        await Expect(row.Locator("[data-testid=new-marker]")).ToHaveCountAsync(0);

        // The web address in the message is a link; the script address stays text.
        var body = agent.Locator("[data-testid=message-body]", new() { HasText = "Vidde tent" });
        var links = body.Locator("a");
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveAttributeAsync("href", "https://example.com/tents?id=7");
        await Expect(links).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow");
        await Expect(links).ToHaveAttributeAsync("target", "_blank");
        await Expect(body).ToContainTextAsync("javascript:alert(1)");
    }

    [Fact]
    public async Task Shortcuts_are_listed_and_act_but_never_take_letters_typed_on_other_keyboards()
    {
        var (_, agent) = await AgentAsync();
        var first = agent.Locator("[data-testid=conversation-item]").First;
        await first.ClickAsync();
        await Expect(agent.Locator("[data-testid=conversation]")).ToBeVisibleAsync();
        var openedHash = new Uri(agent.Url).Fragment;

        await agent.Locator("#thread").FocusAsync();
        await agent.Keyboard.PressAsync("?");
        var dialog = agent.Locator("[data-testid=keys-dialog]");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Reply");
        await Expect(dialog).ToContainTextAsync("Resolve");
        await Expect(dialog).ToContainTextAsync("Next customer waiting for a reply");
        Assert.True(await dialog.Locator("[data-testid=keys-row]").CountAsync() >= 9);
        // Focus stays in the dialog, and its keys are its own: R here does not reach the reply box.
        await agent.Keyboard.PressAsync("Tab");
        Assert.True(await agent.EvaluateAsync<bool>("() => document.activeElement.closest('dialog') !== null"));
        await agent.Keyboard.PressAsync("r");
        await agent.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.False(await agent.EvaluateAsync<bool>("() => document.activeElement.id === 'composer'"));

        // R goes to the reply box; letters from Danish, German and Polish keyboards are text there, nothing else.
        await agent.Keyboard.PressAsync("r");
        await Expect(agent.Locator("#composer")).ToBeFocusedAsync();
        await agent.Keyboard.TypeAsync("øßąā e j");
        await Expect(agent.Locator("#composer")).ToHaveValueAsync("øßąā e j");
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Open");
        Assert.Equal(openedHash, new Uri(agent.Url).Fragment);
        await agent.FillAsync("#composer", "");

        // Outside a field: AltGr with a letter (ą on a Polish keyboard), Ctrl or Alt combinations and ø are not shortcuts.
        await agent.Locator("#thread").FocusAsync();
        await agent.EvaluateAsync("""
            () => {
              const press = init => document.getElementById('thread').dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
              press({ key: 'e', modifierAltGraph: true });
              press({ key: 'ą', modifierAltGraph: true });
              press({ key: 'e', ctrlKey: true, altKey: true });
              press({ key: 'e', altKey: true });
              press({ key: 'ø' });
              press({ key: 'ß' });
              press({ key: 'ā' });
            }
            """);
        await agent.WaitForTimeoutAsync(500);
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Open");
        Assert.Equal(openedHash, new Uri(agent.Url).Fragment);

        // E resolves; the header keeps its shape; J goes on to the next conversation.
        var header = agent.Locator(".conversation-header");
        var before = await header.BoundingBoxAsync();
        var pendingBox = await agent.Locator("#mark-pending").BoundingBoxAsync();
        await agent.Keyboard.PressAsync("e");
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Resolved");
        var after = await header.BoundingBoxAsync();
        Assert.Equal(before!.Height, after!.Height, 1.0);
        // Reopen takes the place Mark pending had; nothing beside it moved.
        Assert.Equal(pendingBox!.X, (await agent.Locator("#reopen").BoundingBoxAsync())!.X, 0.5);

        await agent.Locator("#thread").FocusAsync();
        await agent.Keyboard.PressAsync("j");
        await Expect(agent).Not.ToHaveURLAsync(new Regex(Regex.Escape(openedHash) + "$"));
        await Expect(agent.Locator("[data-testid=status]")).ToHaveTextAsync("Open");
    }

    [Fact]
    public async Task After_a_reply_the_open_conversation_stays_where_it_was_in_the_list()
    {
        var (_, agent) = await AgentAsync();
        var items = agent.Locator("[data-testid=conversation-item]");
        await items.First.ClickAsync();
        await Expect(agent.Locator("[data-testid=conversation]")).ToBeVisibleAsync();
        var id = await items.First.GetAttributeAsync("data-id");
        Assert.NotNull(await agent.Locator("[data-testid=conversation-item][aria-current=true] [data-testid=overdue]").First.TextContentAsync());

        await agent.Locator("#thread").FocusAsync();
        await agent.Keyboard.PressAsync("r");
        await agent.Keyboard.TypeAsync("Thanks for waiting, I am on it.");
        await agent.Keyboard.PressAsync("Enter");

        // Answered, it no longer leads the queue, yet it stays under the agent's eyes until they move on.
        var selected = agent.Locator("[data-testid=conversation-item][aria-current=true]");
        await Expect(selected.Locator(".priority-answered, .priority")).Not.ToContainTextAsync("Overdue");
        await Expect(items.First).ToHaveAttributeAsync("data-id", id!);
        await Expect(items.First).ToBeInViewportAsync();
    }

    [Fact]
    public async Task A_lost_connection_shows_a_banner_and_offline_presence_then_catches_up()
    {
        var (context, agent) = await AgentAsync(RecordSockets);
        var banner = agent.Locator("[data-testid=connection-banner]");
        await Expect(banner).ToBeHiddenAsync();
        await Expect(agent.Locator("#presence-dot")).Not.ToHaveAttributeAsync("data-presence", "offline");

        await context.SetOfflineAsync(true);
        await agent.EvaluateAsync("() => window.__sockets.forEach(socket => socket.close())");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Reconnecting");
        await Expect(agent.Locator("#presence-dot")).ToHaveAttributeAsync("data-presence", "offline");
        await Expect(agent.Locator("[data-testid=presence]")).ToBeDisabledAsync();

        // Meanwhile a shopper writes; the inbox cannot hear it.
        await ShopperWritesAsync("Written while the agent was cut off");
        await agent.WaitForTimeoutAsync(1000);
        await Expect(agent.Locator("[data-testid=conversation-item]", new() { HasText = "Written while the agent was cut off" })).ToHaveCountAsync(0);

        await context.SetOfflineAsync(false);
        await Expect(banner).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Expect(agent.Locator("[data-testid=conversation-item]", new() { HasText = "Written while the agent was cut off" }))
            .ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(agent.Locator("#presence-dot")).Not.ToHaveAttributeAsync("data-presence", "offline");
        await Expect(agent.Locator("[data-testid=presence]")).ToBeEnabledAsync();
    }
}
