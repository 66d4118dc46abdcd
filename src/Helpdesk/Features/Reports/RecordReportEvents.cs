using Helpdesk.Infrastructure;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Surveys;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Reports;

/// <summary>
/// Turns a conversation's lifecycle events into reporting events, in the transaction of the change
/// that raised them: opened, first response, every reply by a person (with how long the customer
/// had waited), resolution (with how long its cycle took) and reopening, each with its duration on
/// the wall clock and inside the channel's business hours, the tier then and the agent who did it.
/// Automatic answers and notes raise none of these, so they never count as a response.
/// </summary>
public sealed class ReportRecorder(ChannelSchedules schedules, IOptions<StoreOptions> store)
{
    private const string Insert = """
        INSERT INTO ReportEvents (Kind, At, ConversationId, ChannelId, CustomerId, AgentId, Tier, Seconds, BusinessSeconds, Score, SurveyKind, SurveyId)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11)
        """;

    /// <summary>Records what the events say about <paramref name="c"/> (saved: it has its id) in the caller's transaction.</summary>
    public async Task RecordAsync(HelpdeskDbContext db, Conversation c, IReadOnlyList<ConversationEvent> events)
    {
        foreach (var e in events)
        {
            switch (e)
            {
                case ConversationOpened opened:
                    await InsertAsync(db, ReportEventKinds.Opened, opened.At, c, null, opened.Tier, null, null);
                    break;
                case FirstResponse first:
                    await InsertTimedAsync(db, ReportEventKinds.FirstResponse, c, first.AgentId, c.Tier, first.At - first.SinceOpened, first.At);
                    break;
                case AgentReplied { Waited: { } waited } reply:
                    await InsertTimedAsync(db, ReportEventKinds.Reply, c, reply.AgentId, reply.Tier, reply.At - waited, reply.At);
                    break;
                case AgentReplied reply:
                    // A reply nobody waited for (a second answer in a row) is still the agent's work.
                    await InsertAsync(db, ReportEventKinds.Reply, reply.At, c, reply.AgentId, reply.Tier, null, null);
                    break;
                case Resolved resolved:
                    // A resolution measures its own cycle: from the opening, or from the latest reopening.
                    var reopened = await db.QueryAsync("""
                        SELECT MAX(At) FROM ReportEvents WHERE ConversationId = $p0 AND Kind = $p1
                        """, r => r.IsDBNull(0) ? (DateTime?)null : DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc),
                        c.Id, ReportEventKinds.Reopened);
                    var since = reopened.FirstOrDefault() is { } at && at > c.CreatedAt ? at : c.CreatedAt;
                    await InsertTimedAsync(db, ReportEventKinds.Resolved, c, resolved.AgentId, c.Tier, since, resolved.At);
                    break;
                case Reopened reopening:
                    // Counted against whoever resolved it last: a reopening says the resolution did not hold.
                    var resolver = await db.QueryAsync("""
                        SELECT AgentId FROM ReportEvents WHERE ConversationId = $p0 AND Kind = $p1 ORDER BY At DESC, Id DESC LIMIT 1
                        """, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0), c.Id, ReportEventKinds.Resolved);
                    await InsertAsync(db, ReportEventKinds.Reopened, reopening.At, c, resolver.FirstOrDefault(), c.Tier, null, null);
                    break;
            }
        }
    }

    /// <summary>A survey's first answer, credited as the survey says (a conversation survey: the agent who resolved it).</summary>
    public async Task SurveyAnsweredAsync(HelpdeskDbContext db, Survey survey, DateTime at)
    {
        var about = survey.ConversationId ?? survey.InvitationConversationId;
        var facts = about is { } id
            ? await db.Conversations.Where(c => c.Id == id).Select(c => new { c.Id, c.ChannelId, c.Tier }).FirstOrDefaultAsync()
            : null;
        var tier = await db.Customers.Where(c => c.Id == survey.CustomerId).Select(c => c.Tier).FirstAsync();
        await db.ExecuteAsync(Insert, ReportEventKinds.SurveyAnswered, at, facts?.Id ?? 0, facts?.ChannelId ?? 0, survey.CustomerId,
            survey.AgentId, tier, null, null, survey.Score, survey.Kind, survey.Id);
    }

    /// <summary>
    /// A changed answer (answers may change for a week) corrects its event, and the roll-up of the
    /// event's store day when that day is rolled up already.
    /// </summary>
    public async Task ScoreChangedAsync(HelpdeskDbContext db, Survey survey)
    {
        // Found through its conversation's index, as the first answer recorded it.
        var about = survey.ConversationId ?? survey.InvitationConversationId ?? 0;
        var e = await db.ReportEvents.FirstOrDefaultAsync(x =>
            x.ConversationId == about && x.Kind == ReportEventKinds.SurveyAnswered && x.SurveyId == survey.Id);
        if (e is null || e.Score == survey.Score) return;
        var (before, after) = (e.Score ?? 0, survey.Score ?? 0);
        e.Score = survey.Score;
        await db.SaveChangesAsync();
        var day = new ReportPeriod(default, default, null, null, store.Value.Zone).LocalDate(e.At);
        await db.ExecuteAsync("""
            UPDATE ReportRollups SET ScoreSum = ScoreSum + $p0, Satisfied = Satisfied + $p1
            WHERE Day = $p2 AND Kind = $p3 AND ChannelId = $p4 AND AgentId = $p5 AND Tier = $p6 AND SurveyKind = $p7
            """, after - before, (after >= 4 ? 1 : 0) - (before >= 4 ? 1 : 0), day, e.Kind, e.ChannelId, e.AgentId ?? 0, e.Tier, e.SurveyKind ?? "");
    }

    private async Task InsertTimedAsync(HelpdeskDbContext db, string kind, Conversation c, long? agentId, string tier, DateTime from, DateTime to)
    {
        var schedule = await schedules.ForChannelAsync(c.ChannelId);
        var wall = (to - from).TotalSeconds;
        await InsertAsync(db, kind, to, c, agentId, tier, Math.Max(0, wall), schedule.OpenBetween(from, to).TotalSeconds);
    }

    private static Task InsertAsync(
        HelpdeskDbContext db, string kind, DateTime at, Conversation c, long? agentId, string tier, double? seconds, double? businessSeconds) =>
        db.ExecuteAsync(Insert, kind, at, c.Id, c.ChannelId, c.CustomerId, agentId, tier, seconds, businessSeconds, null, null, null);
}
