using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Reports;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Reports;

/// <summary>What real conversations, moved in time, leave for the reports: who answered, how long customers waited, who resolved.</summary>
public sealed class ReportEventTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Week = ReportShop.Monday.Date;

    private static double Median(JsonElement figures) => figures.GetProperty("median").GetDouble();
    private static double P90(JsonElement figures) => figures.GetProperty("p90").GetDouble();

    [Fact]
    public async Task First_response_and_waits_are_recorded_on_the_clock_and_in_business_hours_and_an_auto_reply_or_a_note_is_no_response()
    {
        // Monday 23 November 2026 at 21:00 in Copenhagen: the shop closed at 17:00.
        await using var shop = await ReportShop.StartAsync(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero));
        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" };
        (await shop.Admin.Http.PutAsJsonAsync($"/api/channels/{shop.ChannelId}/business-hours", new
        {
            timeZone = "Europe/Copenhagen",
            weekly = weekdays.Select(day => new { day, open = "09:00", close = "17:00" }),
            exceptions = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();

        var (shopper, id) = await shop.AskAsync("Anna", "Hello, is anyone there?");
        await using var _ = shopper;
        await shopper.Messages.WaitForAsync(m => m.Sender == "auto");
        shop.Advance(Minute * 5);
        await shop.Admin.ReplyAsync(id, "Anna asks about her delivery address.", isPrivate: true);

        Assert.Equal([ReportEventKinds.Opened], (await shop.EventsAsync(id)).Select(e => e.Kind));
        var unanswered = await shop.SummaryAsync(Week, Week.AddDays(7));
        Assert.Equal(JsonValueKind.Null, unanswered.GetProperty("firstResponseMinutes").GetProperty("median").ValueKind);

        // Tuesday 09:30 in Copenhagen: twelve and a half hours later, half an hour of them open.
        shop.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero));
        await shop.Admin.ReplyAsync(id, "Good morning Anna, I can change it for you.");
        shop.Advance(Minute * 2);
        await shopper.SendAsync("Thanks! Can I pay by invoice too?");
        shop.Advance(Minute * 3);
        await shop.Admin.ReplyAsync(id, "Yes, you can.");
        shop.Advance(Minute);
        await shop.Admin.ReplyAsync(id, "It is due within 14 days.");

        var events = await shop.EventsAsync(id);
        Assert.Equal([ReportEventKinds.Opened, ReportEventKinds.FirstResponse, ReportEventKinds.Reply, ReportEventKinds.Reply, ReportEventKinds.Reply],
            events.Select(e => e.Kind));
        var first = events[1];
        Assert.Equal(shop.Admin.Id, first.AgentId);
        Assert.Equal(12.5 * 3600, first.Seconds);
        Assert.Equal(30 * 60, first.BusinessSeconds);
        Assert.Equal("new", first.Tier);
        Assert.Equal((12.5 * 3600, 30.0 * 60), (events[2].Seconds!.Value, events[2].BusinessSeconds!.Value));
        Assert.Equal((180.0, 180.0), (events[3].Seconds!.Value, events[3].BusinessSeconds!.Value));
        // A second answer in a row: the agent's work, but nobody waited for it.
        Assert.Null(events[4].Seconds);
        Assert.All(events.Skip(1), e => Assert.Equal(shop.Admin.Id, e.AgentId));

        var summary = await shop.SummaryAsync(Week, Week.AddDays(7));
        var firstResponse = summary.GetProperty("firstResponseMinutes");
        Assert.InRange(Median(firstResponse), 750 * 0.99, 750 * 1.01);
        Assert.InRange(Median(firstResponse.GetProperty("businessHours")), 30 * 0.99, 30 * 1.01);
        var admin = Assert.Single(summary.GetProperty("byAgent").EnumerateArray());
        Assert.Equal(3, admin.GetProperty("replies").GetInt64());
    }

    [Fact]
    public async Task A_reopening_starts_a_resolution_cycle_of_its_own_and_counts_against_the_last_resolver()
    {
        await using var shop = await ReportShop.StartAsync();
        await using var jonas = await shop.AgentAsync("Jonas");
        var (shopper, id) = await shop.AskAsync("Ola", "Where is my parcel?");
        await using var _ = shopper;
        shop.Advance(Minute * 2);
        await shop.Admin.ReplyAsync(id, "It left our warehouse this morning.");
        shop.Advance(Minute * 2);
        await ReportShop.SetStatusAsync(jonas, id, "resolved");
        shop.Advance(Minute * 6);
        await ReportShop.SetStatusAsync(shop.Admin, id, "open");
        shop.Advance(Minute * 3);
        await ReportShop.SetStatusAsync(shop.Admin, id, "resolved");

        var events = (await shop.EventsAsync(id)).Where(e => e.Kind is ReportEventKinds.Resolved or ReportEventKinds.Reopened).ToList();
        Assert.Equal([ReportEventKinds.Resolved, ReportEventKinds.Reopened, ReportEventKinds.Resolved], events.Select(e => e.Kind));
        Assert.Equal((jonas.Id, 240.0), (events[0].AgentId!.Value, events[0].Seconds!.Value));
        Assert.Equal(jonas.Id, events[1].AgentId);
        // From the reopening, not from the start.
        Assert.Equal((shop.Admin.Id, 180.0), (events[2].AgentId!.Value, events[2].Seconds!.Value));

        var summary = await shop.SummaryAsync(Week, Week.AddDays(7));
        Assert.Equal(2, summary.GetProperty("conversations").GetProperty("resolved").GetInt64());
        Assert.Equal(1, summary.GetProperty("conversations").GetProperty("reopened").GetInt64());
        Assert.Equal(3, Median(summary.GetProperty("resolutionMinutes")));
        Assert.Equal(4, P90(summary.GetProperty("resolutionMinutes")));
        var forJonas = await shop.SummaryAsync(Week, Week.AddDays(7), $"&agentId={jonas.Id}");
        Assert.Equal(1, forJonas.GetProperty("conversations").GetProperty("reopened").GetInt64());
        Assert.Equal(4, Median(forJonas.GetProperty("resolutionMinutes")));
        var forAdmin = await shop.SummaryAsync(Week, Week.AddDays(7), $"&agentId={shop.Admin.Id}");
        Assert.Equal(0, forAdmin.GetProperty("conversations").GetProperty("reopened").GetInt64());
        Assert.Equal(3, Median(forAdmin.GetProperty("resolutionMinutes")));
    }

    [Fact]
    public async Task Who_answered_and_who_resolved_are_credited_and_a_later_reassignment_changes_nothing()
    {
        await using var shop = await ReportShop.StartAsync();
        await using var jonas = await shop.AgentAsync("Jonas");
        var (shopper, id) = await shop.AskAsync("Mette", "Can I exchange the jacket?");
        await using var _ = shopper;
        shop.Advance(Minute);
        await shop.Admin.ReplyAsync(id, "Of course, send it back with the form.");
        shop.Advance(Minute);
        await ReportShop.SetStatusAsync(jonas, id, "resolved");
        shop.Advance(Minute * 5);
        await shop.AnswerSurveyAsync(await ReportShop.SurveyTokenAsync(shopper, id), 4);

        var before = await shop.SummaryAsync(Week, Week.AddDays(7));
        var agents = before.GetProperty("byAgent").EnumerateArray().ToList();
        Assert.Equal(2, agents.Count);
        // Most resolutions first.
        Assert.Equal((jonas.Id, "Jonas", 0L, 1L), (agents[0].GetProperty("agentId").GetInt64(), agents[0].GetProperty("name").GetString(),
            agents[0].GetProperty("replies").GetInt64(), agents[0].GetProperty("resolved").GetInt64()));
        Assert.Equal(JsonValueKind.Null, agents[0].GetProperty("firstResponseMedian").ValueKind);
        Assert.Equal(4, agents[0].GetProperty("csatAverage").GetDouble());
        Assert.Equal((shop.Admin.Id, 1L, 0L), (agents[1].GetProperty("agentId").GetInt64(),
            agents[1].GetProperty("replies").GetInt64(), agents[1].GetProperty("resolved").GetInt64()));
        Assert.Equal(1, agents[1].GetProperty("firstResponseMedian").GetDouble());
        Assert.Equal(JsonValueKind.Null, agents[1].GetProperty("csatAverage").ValueKind);

        (await shop.Admin.Http.PostAsJsonAsync($"/api/conversations/{id}/assign", new { agentId = jonas.Id })).EnsureSuccessStatusCode();
        (await shop.Admin.Http.PostAsJsonAsync($"/api/conversations/{id}/assign", new { agentId = (long?)null })).EnsureSuccessStatusCode();
        var after = await shop.SummaryAsync(Week, Week.AddDays(7));
        Assert.Equal(before.GetProperty("byAgent").ToString(), after.GetProperty("byAgent").ToString());

        // Filtered by agent: their own work; "created" counts the conversations they answered first.
        var forJonas = await shop.SummaryAsync(Week, Week.AddDays(7), $"&agentId={jonas.Id}");
        Assert.Equal(0, forJonas.GetProperty("conversations").GetProperty("created").GetInt64());
        Assert.Equal(1, forJonas.GetProperty("conversations").GetProperty("resolved").GetInt64());
        Assert.Equal(JsonValueKind.Null, forJonas.GetProperty("firstResponseMinutes").GetProperty("median").ValueKind);
        Assert.Equal(jonas.Id, Assert.Single(forJonas.GetProperty("byAgent").EnumerateArray()).GetProperty("agentId").GetInt64());
        Assert.Equal(4, forJonas.GetProperty("csat").GetProperty("averageScore").GetDouble());
        var forAdmin = await shop.SummaryAsync(Week, Week.AddDays(7), $"&agentId={shop.Admin.Id}");
        Assert.Equal(1, forAdmin.GetProperty("conversations").GetProperty("created").GetInt64());
        Assert.Equal(0, forAdmin.GetProperty("conversations").GetProperty("resolved").GetInt64());
        Assert.Equal(1, Median(forAdmin.GetProperty("firstResponseMinutes")));
        Assert.Equal(0, forAdmin.GetProperty("csat").GetProperty("answered").GetInt64());
    }

    [Fact]
    public async Task First_response_is_reported_per_tier()
    {
        await using var shop = await ReportShop.StartAsync();
        foreach (var order in new[] { "1001", "1002" })
            await shop.App.SubmitOrderAsync(ReportShop.StoreKey, new
            {
                externalId = order, number = $"#{order}", customer = new { externalId = "c-1", email = "mette@example.dk", name = "Mette" },
                placedAt = ReportShop.Monday.AddDays(-20), total = 49.95m, currency = "EUR", status = "paid",
                lines = new[] { new { sku = "SOCK", name = "Wool socks", quantity = 1, price = 49.95m } },
            });
        var (returning, returningId) = await shop.AskAsync("Mette", "My socks have not arrived.",
            new { customerId = "c-1", signature = HelpdeskApp.IdentitySignature(ReportShop.StoreKey, "c-1") });
        await using var _ = returning;
        var (newcomer, newId) = await shop.AskAsync("Guest", "Do you ship to Norway?");
        await using var __ = newcomer;
        shop.Advance(Minute * 2);
        await shop.Admin.ReplyAsync(returningId, "Sorry Mette, I am checking with the carrier.");
        shop.Advance(Minute * 3);
        await shop.Admin.ReplyAsync(newId, "Yes, we do.");

        var tiers = (await shop.SummaryAsync(Week, Week.AddDays(7))).GetProperty("firstResponseByTier");
        Assert.Equal(["vip", "returning", "first-time", "new"], tiers.EnumerateObject().Select(t => t.Name));
        Assert.Equal((2.0, 2.0, 1L), (Median(tiers.GetProperty("returning")), P90(tiers.GetProperty("returning")),
            tiers.GetProperty("returning").GetProperty("count").GetInt64()));
        Assert.Equal((5.0, 5.0, 1L), (Median(tiers.GetProperty("new")), P90(tiers.GetProperty("new")),
            tiers.GetProperty("new").GetProperty("count").GetInt64()));
        foreach (var none in new[] { "vip", "first-time" })
        {
            Assert.Equal(0, tiers.GetProperty(none).GetProperty("count").GetInt64());
            Assert.Equal(JsonValueKind.Null, tiers.GetProperty(none).GetProperty("median").ValueKind);
            Assert.Equal(JsonValueKind.Null, tiers.GetProperty(none).GetProperty("p90").ValueKind);
        }
    }
}
