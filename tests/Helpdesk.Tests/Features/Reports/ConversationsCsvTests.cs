using System.Net;
using System.Net.Http.Json;
using CsvHelper;

namespace Helpdesk.Tests.Features.Reports;

public sealed class ConversationsCsvTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Lists_each_conversation_created_in_the_period_with_its_cycles_summed_and_no_formula_in_it()
    {
        // Sunday 22 November 2026, 23:00 UTC: a conversation before the period.
        await using var shop = await ReportShop.StartAsync(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero));
        var (early, earlyId) = await shop.AskAsync("Early", "Are you open on Monday?");
        await early.DisposeAsync();

        shop.Time.SetUtcNow(ReportShop.Monday);
        const string formula = "=HYPERLINK(\"https://evil.example\",\"Jonas\")";
        await using var jonas = await shop.AgentAsync(formula);

        // Answered after a minute, resolved by the formula-named agent, reopened, resolved by them again.
        var (anna, reopenedId) = await shop.AskAsync("Anna", "Where is my parcel?");
        await using var _ = anna;
        shop.Advance(Minute);
        await shop.Admin.ReplyAsync(reopenedId, "On its way.");
        shop.Advance(Minute);
        await ReportShop.SetStatusAsync(jonas, reopenedId, "resolved");
        shop.Advance(Minute * 2);
        await ReportShop.SetStatusAsync(shop.Admin, reopenedId, "open");
        shop.Advance(Minute * 3);
        await ReportShop.SetStatusAsync(jonas, reopenedId, "resolved");

        // Answered after 30 seconds, resolved by the admin, rated 5.
        var (bo, ratedId) = await shop.AskAsync("Bo", "Do you have it in blue?");
        await using var __ = bo;
        shop.Advance(TimeSpan.FromSeconds(30));
        await shop.Admin.ReplyAsync(ratedId, "We do.");
        shop.Advance(TimeSpan.FromSeconds(20));
        await ReportShop.SetStatusAsync(shop.Admin, ratedId, "resolved");
        shop.Advance(Minute * 5);
        await shop.AnswerSurveyAsync(await ReportShop.SurveyTokenAsync(bo, ratedId), 5);

        // Nobody answered yet.
        var (cecilie, openId) = await shop.AskAsync("Cecilie", "Hello?");
        await using var ___ = cecilie;

        var response = await shop.Admin.Http.GetAsync(
            $"/api/reports/conversations.csv?from={ReportShop.Iso(ReportShop.Monday.Date)}&to={ReportShop.Iso(ReportShop.Monday.Date.AddDays(1))}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("id,channel,tier,status,createdAt,firstResponseSeconds,resolutionSeconds,agent,csatScore\r\n", text);

        using var csv = CsvReader.FromText(text, new CsvReaderOptions());
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(csv.Headers.ToDictionary(h => h, h => csv.GetString(h)));
        Assert.Equal(["id", "channel", "tier", "status", "createdAt", "firstResponseSeconds", "resolutionSeconds", "agent", "csatScore"], csv.Headers);
        Assert.Equal([reopenedId, ratedId, openId], rows.Select(r => long.Parse(r["id"])));
        Assert.DoesNotContain(rows, r => r["id"] == earlyId.ToString());

        var reopened = rows[0];
        Assert.Equal(("storefront", "new", "resolved"), (reopened["channel"], reopened["tier"], reopened["status"]));
        Assert.Equal("2026-11-23T09:00:00Z", reopened["createdAt"]);
        Assert.Equal("60", reopened["firstResponseSeconds"]);
        // Two cycles: two minutes to the first resolution, three from the reopening to the second.
        Assert.Equal("300", reopened["resolutionSeconds"]);
        // Shown as text by a spreadsheet, never run.
        Assert.Equal("'" + formula, reopened["agent"]);
        Assert.Equal("", reopened["csatScore"]);

        var rated = rows[1];
        Assert.Equal(("30", "50", shop.Admin.Name, "5"), (rated["firstResponseSeconds"], rated["resolutionSeconds"], rated["agent"], rated["csatScore"]));
        var open = rows[2];
        Assert.Equal(("open", "", "", "", ""), (open["status"], open["firstResponseSeconds"], open["resolutionSeconds"], open["agent"], open["csatScore"]));
        Assert.DoesNotContain("\n=", text);
    }
}
