using Helpdesk.Infrastructure;

namespace Helpdesk.Features.Conversations;

/// <summary>Paces the snoozing loop; snoozes end on the minute, so its poll is soon enough.</summary>
public sealed class SnoozeSignal : WakeSignal;

/// <summary>
/// Brings snoozed conversations back to the queue when their time comes. The snooze is the row's
/// own due time, so a restart forgets nothing; the wake-up goes through the write queue, where a
/// conversation that is no longer due (the customer wrote, an agent reopened it or snoozed it again
/// for longer, another node woke it) is left as it is. A snooze without a time waits for the customer alone.
/// </summary>
public sealed class WakeSnoozedConversations(
    IServiceScopeFactory scopes, SnoozeSignal signal, TimeProvider time, ILogger<WakeSnoozedConversations> log) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.LoopAsync(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var now = time.GetUtcNow().UtcDateTime;
            var due = await db.Conversations.Where(c => c.Status == ConversationStatuses.Snoozed && c.SnoozedUntil <= now)
                .OrderBy(c => c.SnoozedUntil).Select(c => c.Id).Take(Batch).ToListAsync(CancellationToken.None);
            var change = scope.ServiceProvider.GetRequiredService<ChangeConversation>();
            foreach (var id in due)
                // Decided again on the row as it is now: it may have been woken, or snoozed afresh for longer, meanwhile.
                await change.ApplyAsync(id, (_, c, now) => Task.FromResult<Transition?>(
                    c.Status == ConversationStatuses.Snoozed && c.SnoozedUntil <= now ? new Transition.Wake(now) : null));
            return due.Count == Batch;
        }, Poll, log, stoppingToken);
}
