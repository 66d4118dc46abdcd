using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// Paces the survey loop. Nothing wakes it early: surveys fall due a delay after delivery, and waking it
/// for every order would put a claim (a write) beside each order on the busiest path.
/// </summary>
public sealed class SurveySignal : WakeSignal;

/// <summary>
/// Picks up due surveys. Each node claims rows with one atomic UPDATE (at most one per customer at
/// a time, so the cooldown holds between two nodes too); a claim is a lease, so a node that died
/// leaves its surveys to the next look, where they continue with the channel already chosen.
/// </summary>
public sealed class SendDueSurveys(
    IServiceScopeFactory scopes, WriteQueue writes, SurveySignal signal, IOptions<SurveyOptions> options, TimeProvider time, ILogger<SendDueSurveys> log)
    : BackgroundService
{
    private readonly string _node = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        return signal.LoopAsync(async () =>
        {
            var claimed = await ClaimAsync(o.Batch, TimeSpan.FromSeconds(o.LeaseSeconds));
            foreach (var id in claimed) await InviteAsync(id);
            return claimed.Count > 0;
        }, TimeSpan.FromMilliseconds(o.PollMilliseconds), log, stoppingToken);
    }

    private async Task InviteAsync(long surveyId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new InviteToSurvey(surveyId, _node), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The claim runs out and the survey is looked at again.
            log.LogError(e, "Inviting to survey {SurveyId} failed", surveyId);
        }
    }

    private Task<List<long>> ClaimAsync(int count, TimeSpan lease)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return writes.RunAsync(db => db.QueryAsync("""
            UPDATE Surveys SET Status = $p4, LockedBy = $p0, LockedUntil = $p1, Attempts = Attempts + 1
            WHERE Id IN (
                SELECT MIN(s.Id) FROM Surveys s
                WHERE ((s.Status = $p5 AND s.DueAt <= $p2)
                       OR (s.Status = $p4 AND s.LockedUntil <= $p2))
                  AND NOT EXISTS (SELECT 1 FROM Surveys o WHERE o.CustomerId = s.CustomerId
                                  AND o.Status = $p4 AND o.LockedUntil > $p2)
                GROUP BY s.CustomerId
                ORDER BY MIN(s.DueAt)
                LIMIT $p3)
              -- checked again on the row itself: another node (PostgreSQL) may have claimed it meanwhile
              AND ((Status = $p5 AND DueAt <= $p2) OR (Status = $p4 AND LockedUntil <= $p2))
            RETURNING Id
            """, r => r.GetInt64(0), _node, now + lease, now, count, SurveyStatuses.Sending, SurveyStatuses.Scheduled), waitForRoom: true);
    }
}
