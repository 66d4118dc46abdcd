using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Reports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Features.Reports;

/// <summary>The support lead's figures for a period, read over HTTP as the inbox reads them.</summary>
public sealed class ReportSummaryTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Week = ReportShop.Monday.Date;

    private static JsonElement At(JsonElement e, string path) =>
        path.Split('.').Aggregate(e, (x, name) => x.GetProperty(name));

    private static void Null(JsonElement e, string path) => Assert.Equal(JsonValueKind.Null, At(e, path).ValueKind);

    [Fact]
    public async Task Without_data_every_figure_is_null_or_zero_in_the_documented_shape()
    {
        await using var shop = await ReportShop.StartAsync();
        var summary = await shop.SummaryAsync(Week, Week.AddDays(7));

        foreach (var name in new[] { "conversations", "conversationsByChannel", "firstResponseMinutes", "resolutionMinutes",
                     "firstResponseByTier", "byAgent", "csat", "retention" })
            Assert.True(summary.TryGetProperty(name, out _), name);
        Assert.Equal(0, At(summary, "conversations.created").GetInt64());
        Assert.Equal(0, At(summary, "conversations.resolved").GetInt64());
        Assert.Equal(0, At(summary, "conversations.reopened").GetInt64());
        Assert.Empty(At(summary, "conversations.byChannel").EnumerateObject());
        foreach (var figures in new[] { "firstResponseMinutes", "resolutionMinutes" })
            foreach (var path in new[] { "median", "p90", "businessHours.median", "businessHours.p90" })
                Null(summary, $"{figures}.{path}");
        Assert.Empty(At(summary, "byAgent").EnumerateArray());
        Assert.Equal(0, At(summary, "csat.answered").GetInt64());
        Null(summary, "csat.averageScore");
        Null(summary, "csat.satisfiedShare");
        foreach (var kind in new[] { "purchase", "conversation" })
        {
            Assert.Equal(0, At(summary, $"csat.{kind}.sent").GetInt64());
            Assert.Equal(0, At(summary, $"csat.{kind}.answered").GetInt64());
            Null(summary, $"csat.{kind}.averageScore");
            Null(summary, $"csat.{kind}.satisfiedShare");
        }
        Null(summary, "retention.customerRetentionRate");
        Null(summary, "retention.repeatPurchaseRate");
        Assert.Equal(0, At(summary, "retention.customersAtStart").GetInt64());
        Assert.Equal(7, At(summary, "conversationsByChannel").GetArrayLength());
    }

    [Fact]
    public async Task Medians_and_90th_percentiles_are_in_minutes_and_satisfaction_is_a_share()
    {
        await using var shop = await ReportShop.StartAsync();
        var asked = new List<(Shopper Shopper, long Id)>();
        foreach (var name in new[] { "Anna", "Bo", "Cecilie", "Dorte", "Erik" }) asked.Add(await shop.AskAsync(name, "Hello?"));
        try
        {
            // Answered after 1, 2, 3, 4 and 9 minutes, each resolved on the spot.
            foreach (var (i, wait) in new[] { (0, 1), (1, 1), (2, 1), (3, 1), (4, 5) })
            {
                shop.Advance(Minute * wait);
                await shop.Admin.ReplyAsync(asked[i].Id, "Hello, how can I help?");
                await ReportShop.SetStatusAsync(shop.Admin, asked[i].Id, "resolved");
            }
            shop.Advance(Minute * 5);
            foreach (var (i, score) in new[] { (0, 5), (1, 4), (2, 3) })
                await shop.AnswerSurveyAsync(await ReportShop.SurveyTokenAsync(asked[i].Shopper, asked[i].Id), score);
            await Eventually.Until(() => shop.SummaryAsync(Week, Week.AddDays(7)), s => At(s, "csat.conversation.sent").GetInt64() == 5);

            var summary = await shop.SummaryAsync(Week, Week.AddDays(7));
            Assert.Equal(5, At(summary, "conversations.created").GetInt64());
            Assert.Equal(5, At(summary, "conversations.resolved").GetInt64());
            Assert.Equal(5, At(summary, "conversations.byChannel.storefront").GetInt64());
            var monday = At(summary, "conversationsByChannel")[0];
            Assert.Equal("2026-11-23", monday.GetProperty("date").GetString());
            Assert.Equal(5, At(monday, "counts.storefront").GetInt64());
            // Nearest rank: the 3rd of five for the median, the 5th for the 90th percentile.
            Assert.Equal(3, At(summary, "firstResponseMinutes.median").GetDouble());
            Assert.Equal(9, At(summary, "firstResponseMinutes.p90").GetDouble());
            // Always open: business hours are the clock's.
            Assert.Equal(3, At(summary, "firstResponseMinutes.businessHours.median").GetDouble());
            Assert.Equal(9, At(summary, "firstResponseMinutes.businessHours.p90").GetDouble());
            Assert.Equal(3, At(summary, "resolutionMinutes.median").GetDouble());
            Assert.Equal(9, At(summary, "resolutionMinutes.p90").GetDouble());
            Assert.Equal(3, At(summary, "firstResponseByTier.new.median").GetDouble());
            Assert.Equal(5, At(summary, "firstResponseByTier.new.count").GetInt64());

            Assert.Equal(3, At(summary, "csat.answered").GetInt64());
            Assert.Equal(4, At(summary, "csat.averageScore").GetDouble());
            Assert.Equal(0.6667, At(summary, "csat.satisfiedShare").GetDouble());
            Assert.Equal(3, At(summary, "csat.conversation.answered").GetInt64());
            Assert.Equal(0.6667, At(summary, "csat.conversation.satisfiedShare").GetDouble());
            Assert.Equal(0, At(summary, "csat.purchase.sent").GetInt64());
            Null(summary, "csat.purchase.averageScore");
            var admin = Assert.Single(At(summary, "byAgent").EnumerateArray());
            Assert.Equal((5L, 5L, 3.0, 4.0), (admin.GetProperty("replies").GetInt64(), admin.GetProperty("resolved").GetInt64(),
                admin.GetProperty("firstResponseMedian").GetDouble(), admin.GetProperty("csatAverage").GetDouble()));

            // A period that ends before any of it has none of it.
            var before = await shop.SummaryAsync(Week.AddDays(-7), Week);
            Assert.Equal(0, At(before, "conversations.created").GetInt64());
            Null(before, "firstResponseMinutes.median");
        }
        finally
        {
            foreach (var (shopper, _) in asked) await shopper.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_channel_filter_keeps_that_channels_conversations_only()
    {
        await using var shop = await ReportShop.StartAsync();
        var (otherId, otherKey) = await shop.App.CreateStorefrontChannelAsync(shop.Admin, "other-store-secret-0123456789");
        await using var here = await shop.App.ShopperAsync(shop.PublicKey, "Here");
        await using var there = await shop.App.ShopperAsync(otherKey, "There");
        var hereId = (await here.SendAsync("Hello from the first shop")).ConversationId;
        var thereId = (await there.SendAsync("Hello from the second shop")).ConversationId;
        shop.Advance(Minute);
        await shop.Admin.ReplyAsync(hereId, "Hi!");
        shop.Advance(Minute * 3);
        await shop.Admin.ReplyAsync(thereId, "Hi there!");

        var all = await shop.SummaryAsync(Week, Week.AddDays(7));
        Assert.Equal(2, At(all, "conversations.created").GetInt64());
        Assert.Equal(1, At(all, "firstResponseMinutes.median").GetDouble());
        Assert.Equal(4, At(all, "firstResponseMinutes.p90").GetDouble());

        var other = await shop.SummaryAsync(Week, Week.AddDays(7), $"&channelId={otherId}");
        Assert.Equal(1, At(other, "conversations.created").GetInt64());
        Assert.Equal(4, At(other, "firstResponseMinutes.median").GetDouble());
        Assert.Equal(1, At(Assert.Single(At(other, "byAgent").EnumerateArray()), "replies").GetInt64());
        var first = await shop.SummaryAsync(Week, Week.AddDays(7), $"&channelId={shop.ChannelId}");
        Assert.Equal(1, At(first, "conversations.created").GetInt64());
        Assert.Equal(1, At(first, "firstResponseMinutes.median").GetDouble());
    }

    [Theory]
    [InlineData("/api/reports/summary")]
    [InlineData("/api/reports/heatmap")]
    [InlineData("/api/reports/conversations.csv")]
    public async Task A_bad_period_is_refused_naming_from(string path)
    {
        await using var shop = await ReportShop.StartAsync();
        var to = Week.AddDays(7);
        foreach (var from in new[] { to.AddMinutes(1), to, to.AddDays(-3654) })
        {
            var refused = await shop.Admin.Http.GetAsync($"{path}?from={ReportShop.Iso(from)}&to={ReportShop.Iso(to)}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _), problem.ToString());
        }
        // A 'from' in the future with no 'to' ends now, before it starts.
        var future = await shop.Admin.Http.GetAsync($"{path}?from={ReportShop.Iso(shop.Now.AddDays(1))}");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shop.Admin.Http.GetAsync($"{path}?from={ReportShop.Iso(to.AddDays(-3653))}&to={ReportShop.Iso(to)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await shop.Admin.Http.GetAsync(path)).StatusCode);
        using var anonymous = shop.App.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Rolled_up_days_give_the_same_figures_and_a_changed_score_still_counts()
    {
        // Copenhagen's days begin at 23:00 UTC.
        await using var shop = await ReportShop.StartAsync(timeZone: "Europe/Copenhagen");
        await using var jonas = await shop.AgentAsync("Jonas");
        var (anna, annaId) = await shop.AskAsync("Anna", "Where is my parcel?");
        await using var _ = anna;
        shop.Advance(Minute * 2);
        await shop.Admin.ReplyAsync(annaId, "On its way.");
        shop.Advance(Minute * 3);
        await ReportShop.SetStatusAsync(shop.Admin, annaId, "resolved");
        shop.Advance(Minute * 5);
        var annaToken = await ReportShop.SurveyTokenAsync(anna, annaId);
        await shop.AnswerSurveyAsync(annaToken, 5);
        var (bo, boId) = await shop.AskAsync("Bo", "Do you have this in blue?");
        await using var __ = bo;
        shop.Advance(Minute * 25);
        await jonas.ReplyAsync(boId, "We do, from next week.");

        // Tuesday: answered, resolved, reopened and resolved again.
        shop.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 22, 30, 0, TimeSpan.Zero));
        var (cecilie, cecilieId) = await shop.AskAsync("Cecilie", "Can I return the shoes?");
        await using var ___ = cecilie;
        shop.Advance(Minute);
        await shop.Admin.ReplyAsync(cecilieId, "Yes, within 30 days.");
        shop.Advance(Minute * 2);
        await shop.SetStatusAsync(cecilieId, "resolved");
        shop.Advance(Minute);
        await shop.SetStatusAsync(cecilieId, "open");
        shop.Advance(Minute * 2);
        await shop.SetStatusAsync(cecilieId, "resolved");
        shop.Advance(Minute * 5);
        await Eventually.Until(() => Task.FromResult(cecilie.Messages.All.Count(m => m.Sender == "auto" && m.Body.Contains("/survey/"))), n => n >= 1);
        var cecilieToken = await ReportShop.SurveyTokenAsync(cecilie, cecilieId);
        await shop.AnswerSurveyAsync(cecilieToken, 3);

        // Wednesday noon: Monday and Tuesday are over, Wednesday is not.
        shop.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var (from, to) = (new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 23, 0, 0, TimeSpan.Zero));
        var raw = await shop.SummaryAsync(from, to);
        Assert.Equal(3, At(raw, "conversations.created").GetInt64());
        Assert.Equal(1, At(raw, "conversations.reopened").GetInt64());
        Assert.Equal(4, At(raw, "csat.averageScore").GetDouble());
        Assert.Equal(new[] { "2026-11-23", "2026-11-24", "2026-11-25" },
            At(raw, "conversationsByChannel").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(2, At(raw, "conversationsByChannel")[0].GetProperty("counts").GetProperty("storefront").GetInt64());
        var rawHeatmap = await HeatmapAsync(shop, from, to);

        var rollUp = shop.App.Services.GetRequiredService<RollUpReportDays>();
        Assert.True(await rollUp.RollUpNextAsync());
        Assert.True(await rollUp.RollUpNextAsync());
        Assert.False(await rollUp.RollUpNextAsync());
        using (var scope = shop.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            Assert.Equal([new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 24)], await db.ReportDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync());
            Assert.NotEmpty(await db.ReportRollups.Where(r => r.Day == new DateOnly(2026, 11, 24)).ToListAsync());
        }

        var rolledUp = await shop.SummaryAsync(from, to);
        Assert.Equal(raw.ToString(), rolledUp.ToString());
        Assert.Equal(rawHeatmap, await HeatmapAsync(shop, from, to));
        Assert.Equal(raw.GetProperty("byAgent").ToString(),
            (await shop.SummaryAsync(from, to, $"&channelId={shop.ChannelId}")).GetProperty("byAgent").ToString());
        Assert.Equal(At(raw, "resolutionMinutes").ToString(),
            At(await shop.SummaryAsync(from, to, $"&agentId={shop.Admin.Id}"), "resolutionMinutes").ToString());

        // Anna changes her mind on Thursday, after Monday was rolled up.
        shop.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        await shop.AnswerSurveyAsync(annaToken, 3);
        var changed = await shop.SummaryAsync(from, to);
        Assert.Equal(2, At(changed, "csat.answered").GetInt64());
        Assert.Equal(3, At(changed, "csat.averageScore").GetDouble());
        Assert.Equal(0, At(changed, "csat.satisfiedShare").GetDouble());
        Assert.Equal(3, At(changed, "byAgent")[0].GetProperty("csatAverage").GetDouble());
    }

    private static async Task<string> HeatmapAsync(ReportShop shop, DateTimeOffset from, DateTimeOffset to)
    {
        await using var admin = await shop.FreshAsync();
        return (await admin.Http.GetFromJsonAsync<JsonElement>($"/api/reports/heatmap?from={ReportShop.Iso(from)}&to={ReportShop.Iso(to)}")).ToString();
    }
}
