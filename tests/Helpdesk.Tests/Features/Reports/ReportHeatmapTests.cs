using System.Net.Http.Json;
using System.Text.Json;

namespace Helpdesk.Tests.Features.Reports;

public sealed class ReportHeatmapTests
{
    [Fact]
    public async Task New_conversations_are_counted_by_weekday_from_monday_and_hour_of_the_stores_clock()
    {
        // Monday 23 November 2026, 09:00 UTC: 10:00 in Copenhagen.
        await using var shop = await ReportShop.StartAsync(timeZone: "Europe/Copenhagen");
        async Task AskAsync(DateTimeOffset at)
        {
            shop.Time.SetUtcNow(at);
            var (shopper, _) = await shop.AskAsync("Shopper", "Hello?");
            await shopper.DisposeAsync();
        }
        await AskAsync(ReportShop.Monday);
        await AskAsync(ReportShop.Monday.AddMinutes(40));
        // Tuesday 22:30 UTC is Tuesday 23:30 there; Sunday 23:30 UTC (below) is already Monday 00:30 there.
        await AskAsync(new DateTimeOffset(2026, 11, 24, 22, 30, 0, TimeSpan.Zero));
        // Saturday 12:00 UTC, 13:00 there.
        await AskAsync(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await AskAsync(new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero));

        await using var admin = await shop.FreshAsync();
        var heatmap = await admin.Http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/heatmap?from={ReportShop.Iso(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero))}" +
            $"&to={ReportShop.Iso(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero))}");

        Assert.Equal("Europe/Copenhagen", heatmap.GetProperty("timeZone").GetString());
        var counts = heatmap.GetProperty("counts").EnumerateArray().Select(day => day.EnumerateArray().Select(h => h.GetInt64()).ToArray()).ToArray();
        Assert.Equal(7, counts.Length);
        Assert.All(counts, day => Assert.Equal(24, day.Length));
        Assert.Equal(2, counts[0][10]);
        Assert.Equal(1, counts[0][0]);
        Assert.Equal(1, counts[1][23]);
        Assert.Equal(1, counts[5][13]);
        Assert.Equal(5, counts.Sum(day => day.Sum()));

        // A period that leaves the first Monday out.
        var later = await admin.Http.GetFromJsonAsync<JsonElement>(
            $"/api/reports/heatmap?from={ReportShop.Iso(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero))}" +
            $"&to={ReportShop.Iso(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero))}");
        Assert.Equal(0, later.GetProperty("counts")[0][10].GetInt64());
        Assert.Equal(3, later.GetProperty("counts").EnumerateArray().Sum(day => day.EnumerateArray().Sum(h => h.GetInt64())));
    }
}
