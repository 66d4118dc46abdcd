using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>
/// The node a shopper's widget is connected to stops gracefully, as in a rolling deploy; the next node comes up
/// at the same address (where a load balancer would send the widget). Nothing the shopper wrote is lost or doubled.
/// </summary>
public sealed class NodeRestartInBrowserTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task The_widget_reconnects_to_the_next_node_and_what_was_written_meanwhile_is_stored_once()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-restart-").FullName;
        var first = new HelpdeskApp(folder, new() { ["Seed:Demo"] = "true" });
        var address = first.Address;
        var baseUrl = address.ToString().TrimEnd('/');

        var context = await browser.Chromium.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var shopper = await context.NewPageAsync();
        await shopper.GotoAsync($"{baseUrl}/demo/");
        await shopper.ClickAsync("[data-testid=hd-launcher]");
        await shopper.FillAsync("[data-testid=hd-input]", "Do you ship to Tromsø?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        var sent = shopper.Locator("[data-testid=hd-message][data-sender=customer][data-status=sent]");
        await Expect(sent).ToHaveCountAsync(1);

        // SIGTERM, as a rolling deploy sends it.
        first.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await first.Services.GetRequiredService<IHost>().StopAsync();
        await Expect(shopper.Locator("[data-testid=hd-reconnecting]")).ToBeVisibleAsync();
        await first.DisposeAsync();

        await shopper.FillAsync("[data-testid=hd-input]", "Hello? Are you still there?");
        await shopper.ClickAsync("[data-testid=hd-send]");
        await Expect(shopper.Locator("[data-testid=hd-message][data-sender=customer]")).ToHaveCountAsync(2);

        await using var second = new HelpdeskApp(folder, new() { ["Seed:Demo"] = "true" });
        second.UseKestrel(address.Port);
        Assert.Equal(address.Port, second.Address.Port);
        await Expect(sent).ToHaveCountAsync(2, new() { Timeout = 40_000 });
        await Expect(shopper.Locator("[data-testid=hd-reconnecting]")).ToBeHiddenAsync();

        // What the server holds: each message once.
        await shopper.ReloadAsync();
        await shopper.WaitForFunctionAsync("() => window.HelpdeskWidget");
        await shopper.EvaluateAsync("() => window.HelpdeskWidget.open()");
        var bodies = shopper.Locator("[data-testid=hd-message][data-sender=customer] [data-testid=hd-message-body]");
        await Expect(bodies).ToHaveTextAsync(["Do you ship to Tromsø?", "Hello? Are you still there?"]);
        await context.CloseAsync();
    }
}
