using Helpdesk.Infrastructure;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Surveys;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Reports;

public sealed record Percentiles(double? Median, double? P90);
public sealed record DurationFigures(double? Median, double? P90, Percentiles BusinessHours);
public sealed record TierFigures(double? Median, double? P90, long Count);
public sealed record VolumeFigures(long Created, long Resolved, long Reopened, Dictionary<string, long> ByChannel);
public sealed record ChannelDay(DateOnly Date, Dictionary<string, long> Counts);
public sealed record AgentFigures(long AgentId, string Name, long Replies, long Resolved, double? FirstResponseMedian, double? CsatAverage);
public sealed record CsatFigures(long Sent, long Answered, double? AverageScore, double? SatisfiedShare);
public sealed record CsatSummary(
    long Answered, double? AverageScore, double? SatisfiedShare, CsatFigures Purchase, CsatFigures Conversation);
public sealed record CsatDay(DateOnly Date, long Answered, double? AverageScore);
public sealed record RetentionFigures(
    double? CustomerRetentionRate, double? RepeatPurchaseRate, long CustomersAtStart, long CustomersAtEnd, long NewCustomers);

public sealed record ReportSummary(
    VolumeFigures Conversations,
    ChannelDay[] ConversationsByChannel,
    DurationFigures FirstResponseMinutes,
    DurationFigures ResolutionMinutes,
    Dictionary<string, TierFigures> FirstResponseByTier,
    AgentFigures[] ByAgent,
    CsatSummary Csat,
    CsatDay[] CsatByDay,
    RetentionFigures Retention);

/// <summary>
/// The support lead's figures for a period, read from the reporting events (and the days' roll-ups):
/// medians and 90th percentiles, never averages, for first response and resolution, on the wall
/// clock and in business hours, per tier, channel and agent; volume and reopenings; satisfaction
/// after purchases and after resolutions; and, from the orders, retention.
/// </summary>
/// <remarks>
/// With an agent, the figures are that agent's own: their first responses, replies, resolutions,
/// the reopenings of what they resolved and the answers credited to them; "created" then counts the
/// conversations they answered first.
/// </remarks>
public sealed record GetReportSummary(DateTime? From, DateTime? To, long? ChannelId, long? AgentId) : IRequest<ReportSummary>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/summary", (DateTime? from, DateTime? to, long? channelId, long? agentId, IMediator m, CancellationToken ct) =>
                m.Send(new GetReportSummary(from, to, channelId, agentId), ct))
            .RequireAuthorization().WithTags("Reports");
}

public sealed class GetReportSummaryValidator(TimeProvider time) : ReportPeriodValidator<GetReportSummary>(time, r => r.From, r => r.To);

public sealed class GetReportSummaryHandler(HelpdeskDbContext db, IOptions<StoreOptions> store, TimeProvider time)
    : IRequestHandler<GetReportSummary, ReportSummary>
{
    private static readonly string[] Kinds = ReportEventKinds.All;

    public async Task<ReportSummary> Handle(GetReportSummary r, CancellationToken ct)
    {
        var p = ReportPeriods.Of(r.From, r.To, r.ChannelId, r.AgentId, store.Value, time);
        var rows = await ReportRows.LoadAsync(db, p, Kinds, ct);
        var kinds = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Kind, ct);
        string KindOf(long channelId) => kinds.GetValueOrDefault(channelId, "unknown");
        bool Mine(ReportRow row) => r.AgentId is not { } agent || row.AgentId == agent;
        List<ReportRow> Of(string kind) => rows.Where(x => x.Kind == kind && Mine(x)).ToList();

        var opened = r.AgentId is null ? Of(ReportEventKinds.Opened) : Of(ReportEventKinds.FirstResponse);
        var firstResponses = Of(ReportEventKinds.FirstResponse);
        var resolutions = Of(ReportEventKinds.Resolved);
        var answers = Of(ReportEventKinds.SurveyAnswered);

        var byChannel = opened.GroupBy(x => KindOf(x.ChannelId)).ToDictionary(g => g.Key, g => (long)g.Sum(x => x.Count));
        var openedByDay = opened.ToLookup(x => x.Day);
        var days = p.Days().Select(day => new ChannelDay(day, openedByDay[day]
            .GroupBy(x => KindOf(x.ChannelId)).ToDictionary(g => g.Key, g => (long)g.Sum(x => x.Count)))).ToArray();

        var byTier = new[] { Tiers.Vip, Tiers.Returning, Tiers.FirstTime, Tiers.New }.ToDictionary(t => t, t =>
        {
            var wall = Merge(firstResponses.Where(x => x.Tier == t), x => x.Wall);
            return new TierFigures(Minutes(wall.Percentile(0.5)), Minutes(wall.Percentile(0.9)), wall.Count);
        });

        var agentIds = rows.Where(x => x.AgentId != 0 && Mine(x)).Select(x => x.AgentId).Distinct().ToList();
        var names = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var rowsByAgent = rows.ToLookup(x => x.AgentId);
        var byAgent = agentIds.Select(id =>
        {
            var mine = rowsByAgent[id].ToList();
            var conversationAnswers = mine.Where(x => x.Kind == ReportEventKinds.SurveyAnswered && x.SurveyKind == SurveyKinds.Conversation).ToList();
            return new AgentFigures(id, names.GetValueOrDefault(id, ""),
                mine.Where(x => x.Kind == ReportEventKinds.Reply).Sum(x => (long)x.Count),
                mine.Where(x => x.Kind == ReportEventKinds.Resolved).Sum(x => (long)x.Count),
                Minutes(Merge(mine.Where(x => x.Kind == ReportEventKinds.FirstResponse), x => x.Wall).Percentile(0.5)),
                Average(conversationAnswers));
        }).OrderByDescending(a => a.Resolved).ThenByDescending(a => a.Replies).ThenBy(a => a.Name).ToArray();

        var answersByDay = answers.ToLookup(x => x.Day);
        var sent = await SentAsync(p, ct);
        CsatFigures Csat(string kind)
        {
            var of = answers.Where(x => x.SurveyKind == kind).ToList();
            return new CsatFigures(sent.GetValueOrDefault(kind), of.Sum(x => (long)x.Count), Average(of), Satisfied(of));
        }

        return new ReportSummary(
            new VolumeFigures(opened.Sum(x => (long)x.Count), resolutions.Sum(x => (long)x.Count),
                Of(ReportEventKinds.Reopened).Sum(x => (long)x.Count), byChannel),
            days,
            Figures(firstResponses),
            Figures(resolutions),
            byTier,
            byAgent,
            new CsatSummary(answers.Sum(x => (long)x.Count), Average(answers), Satisfied(answers),
                Csat(SurveyKinds.Purchase), Csat(SurveyKinds.Conversation)),
            p.Days().Select(day =>
            {
                var of = answersByDay[day].ToList();
                return new CsatDay(day, of.Sum(x => (long)x.Count), Average(of));
            }).ToArray(),
            await Retention.ForAsync(db, p.From, p.To, ct));
    }

    /// <summary>Invitations sent in the period, by survey kind (the channel and agent filters apply to conversation surveys).</summary>
    private async Task<Dictionary<string, long>> SentAsync(ReportPeriod p, CancellationToken ct)
    {
        var sent = db.Surveys.AsNoTracking().Where(s => s.SentAt >= p.From && s.SentAt < p.To);
        if (p.ChannelId is { } channel)
            sent = sent.Where(s => db.Conversations.Any(c => c.Id == s.InvitationConversationId && c.ChannelId == channel));
        if (p.AgentId is { } agent) sent = sent.Where(s => s.AgentId == agent);
        return await sent.GroupBy(s => s.Kind).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    private static Durations Merge(IEnumerable<ReportRow> rows, Func<ReportRow, Durations> of)
    {
        var all = new Durations();
        foreach (var row in rows) all.Add(of(row));
        return all;
    }

    private static DurationFigures Figures(List<ReportRow> rows)
    {
        var wall = Merge(rows, x => x.Wall);
        var business = Merge(rows, x => x.Business);
        return new DurationFigures(Minutes(wall.Percentile(0.5)), Minutes(wall.Percentile(0.9)),
            new Percentiles(Minutes(business.Percentile(0.5)), Minutes(business.Percentile(0.9))));
    }

    private static double? Minutes(double? seconds) => seconds is { } s ? Math.Round(s / 60, 2) : null;

    private static double? Average(List<ReportRow> answers)
    {
        var count = answers.Sum(x => (long)x.Count);
        return count == 0 ? null : Math.Round((double)answers.Sum(x => x.ScoreSum) / count, 2);
    }

    private static double? Satisfied(List<ReportRow> answers)
    {
        var count = answers.Sum(x => (long)x.Count);
        return count == 0 ? null : Math.Round((double)answers.Sum(x => (long)x.Satisfied) / count, 4);
    }
}
