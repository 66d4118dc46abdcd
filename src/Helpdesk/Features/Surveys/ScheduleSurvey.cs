using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// An order reaching the trigger (delivered, or fulfilled if so set) schedules its one survey. A
/// replayed webhook finds the survey already there; the unique order index settles a race between nodes.
/// Everything else (cancellation, unsubscribing, cooldown, open conversations) is judged when it is due.
/// </summary>
public sealed class ScheduleSurvey(HelpdeskDbContext db, SurveySignal signal, TimeProvider time, ILogger<ScheduleSurvey> log)
    : INotificationHandler<OrderChanged>
{
    public async Task Handle(OrderChanged n, CancellationToken ct)
    {
        if (await db.Surveys.AnyAsync(s => s.OrderId == n.OrderId, ct)) return;
        var settings = await SurveySettingsStore.GetAsync(db, ct);
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == n.OrderId)
            .Select(o => new { o.Status, o.FulfilledAt, o.DeliveredAt }).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (order is null || SurveyRules.ScheduleAt(settings, order.Status, order.FulfilledAt, order.DeliveredAt, now) is not { } due) return;

        db.Surveys.Add(new Survey
        {
            OrderId = n.OrderId, CustomerId = n.CustomerId, Token = SurveyRules.NewToken(),
            ScheduledFor = due, DueAt = due, CreatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            // Another node scheduled it at the same moment.
            return;
        }
        log.LogInformation("Survey for order {OrderId} scheduled for {DueAt:O}", n.OrderId, due);
        if (due <= now) signal.Wake();
    }
}
