using System.Net.Http.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Helpdesk.BrowserTests;

/// <summary>
/// A support lead opens the reports after a morning's real work (chats answered and resolved through the
/// inbox's own API and hub) on a desktop and on a phone: the live queue, the headline figures, every chart
/// drawn, the heatmap, the team and the CSV.
/// </summary>
public sealed class ReportsInBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private readonly List<Shopper> _shoppers = [];

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        await _admin.ConnectAsync();
        var publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
        var conversations = new List<long>();
        foreach (var name in new[] { "Sigrid", "Mikkel", "Laura" })
        {
            var shopper = await _app.ShopperAsync(publicKey, name);
            _shoppers.Add(shopper);
            conversations.Add((await shopper.SendAsync($"Hello, this is {name}. Where is my order?")).ConversationId);
        }
        // Two answered, one of them resolved; the third customer is still waiting.
        await _admin.ReplyAsync(conversations[0], "It left our warehouse this morning.");
        await _admin.ReplyAsync(conversations[1], "Let me look that up for you.");
        (await _admin.Http.PostAsJsonAsync($"/api/conversations/{conversations[0]}/status", new { status = "resolved" })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        foreach (var shopper in _shoppers) await shopper.DisposeAsync();
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_reports_show_the_mornings_work_with_every_chart_drawn(int width, int height)
    {
        // The agent's browser is in another zone than the store: the page's days must still be the store's.
        var context = await browser.Chromium.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, TimezoneId = "America/New_York", Locale = "en-GB",
            IsMobile = width < 500, HasTouch = width < 500,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(_app.Address + "inbox/");
        await page.FillAsync("#login-email", HelpdeskApp.AdminEmail);
        await page.FillAsync("#login-password", HelpdeskApp.AdminPassword);
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#inbox")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=reports-link]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/reports$"));
        await Expect(page.Locator("[data-testid=reports-link]")).ToHaveAttributeAsync("aria-current", "page");

        // The live view (GET /api/reports/live): one customer waits, nobody past due yet, the admin online.
        await Expect(page.Locator("[data-testid=live-waiting]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid=live-oldest-wait]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(< 1 min|\d+ min)$"));
        await Expect(page.Locator("[data-testid=live-past-due]")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-testid=live-agents-online]")).ToHaveTextAsync("1");

        // From here on the figures come from the summary, heatmap and CSV endpoints.
        await Expect(page.Locator("[data-testid=report-headline]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-testid=report-period-line]")).ToContainTextAsync("Europe/Copenhagen");
        await Expect(page.Locator("[data-testid=report-created]")).ToHaveTextAsync("3");
        await Expect(page.Locator("[data-testid=report-resolved]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid=report-reopened]")).ToHaveTextAsync("0");
        // Answered within the test's seconds: a real duration, not a missing one.
        await Expect(page.Locator("[data-testid=report-first-response]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(< 1 min|\d+ min)$"));
        await Expect(page.Locator("[data-testid=report-resolution]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(< 1 min|\d+ min)$"));
        // Nobody has answered a survey: no score, shown as such rather than as zero.
        await Expect(page.Locator("[data-testid=report-csat]")).ToHaveTextAsync("—");
        // Nothing happened in the week before: no change can be worked out for the counts.
        await Expect(page.Locator("[data-testid=report-created-change]")).ToHaveTextAsync("Nothing to compare with");

        var agentRow = page.Locator($"[data-testid=report-agent-row][data-agent-id='{_admin.Id}']");
        await Expect(agentRow.Locator("th")).ToHaveTextAsync(_admin.Name);
        await Expect(agentRow.Locator("td").Nth(0)).ToContainTextAsync("2");
        await Expect(agentRow.Locator("td").Nth(1)).ToContainTextAsync("1");

        foreach (var chart in new[] { "report-tier-chart", "report-volume-chart", "report-csat-chart" })
        {
            var canvas = page.Locator($"canvas[data-testid={chart}]");
            await Expect(canvas).ToBeVisibleAsync();
            Assert.False(string.IsNullOrWhiteSpace(await canvas.GetAttributeAsync("aria-label")), $"{chart} has no label");
            // Drawn: Chart.js sized the canvas to its box and painted axes and bars on it.
            var painted = await canvas.EvaluateAsync<int>("""
                canvas => {
                  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
                  let painted = 0;
                  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
                  return painted;
                }
                """);
            Assert.True(painted > 500, $"{chart} has {painted} painted pixels");
        }
        // The tier chart's VIP … new bars: the new customers' median is there as a bar.
        var tierBars = await page.EvaluateAsync<double?[]>(
            "() => Chart.getChart(document.querySelector('[data-testid=report-tier-chart]')).data.datasets[0].data");
        Assert.Equal(4, tierBars.Length);
        Assert.NotNull(tierBars[3]);
        var dailyTotal = await page.EvaluateAsync<int>("""
            () => Chart.getChart(document.querySelector('[data-testid=report-volume-chart]')).data.datasets
              .flatMap(d => d.data).reduce((a, b) => a + b, 0)
            """);
        Assert.Equal(3, dailyTotal);

        var cells = page.Locator("[data-testid=report-heatmap] td.heatmap-cell");
        await Expect(cells).ToHaveCountAsync(7 * 24);
        Assert.Equal(3, (await cells.EvaluateAllAsync<int[]>("cells => cells.map(c => Number(c.dataset.count))")).Sum());

        var csv = page.Locator("[data-testid=report-csv]");
        var href = await csv.GetAttributeAsync("href");
        Assert.Matches(@"^/api/reports/conversations\.csv\?from=[^&]+&to=[^&]+$", href);
        var download = await page.APIRequest.GetAsync(_app.Address + href!.TrimStart('/'));
        Assert.Equal(200, download.Status);
        var lines = (await download.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,channel,tier,status,createdAt,firstResponseSeconds,resolutionSeconds,agent,csatScore", lines[0].TrimEnd('\r'));
        Assert.Equal(4, lines.Length);

        // Phone or desktop, nothing sticks out sideways.
        var overflow = await page.EvaluateAsync<int>(
            "() => Math.max(document.documentElement.scrollWidth - innerWidth, document.querySelector('#reports').scrollWidth - document.querySelector('#reports').clientWidth)");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow}px");
        var full = await page.EvaluateAsync<int>("() => document.querySelector('#reports').scrollHeight");
        await page.SetViewportSizeAsync(width, full + 60);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), $"helpdesk-reports-{width}.png") });
        Assert.Empty(errors);
    }
}
