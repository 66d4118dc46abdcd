using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// An order reaching the trigger (delivered, or fulfilled if so set) schedules its one survey, in the
/// transaction that records the order, so an acknowledged delivery never loses its survey. A replayed
/// webhook finds the survey already there; the unique order index settles a race between nodes.
/// Everything else (cancellation, unsubscribing, cooldown, open conversations) is judged when it is due.
/// </summary>
public static class ScheduleSurvey
{
    /// <param name="order">Saved: it has its id.</param>
    public static async Task ForOrderAsync(HelpdeskDbContext db, Order order, DateTime now)
    {
        // Most order news is a new, unshipped order: it costs the order intake no query.
        if (order.FulfilledAt is null && order.DeliveredAt is null) return;
        var settings = await SurveySettingsStore.GetAsync(db, CancellationToken.None);
        if (SurveyRules.ScheduleAt(settings, order.Status, order.FulfilledAt, order.DeliveredAt, now) is not { } due) return;
        if (await db.Surveys.AnyAsync(s => s.OrderId == order.Id)) return;
        db.Surveys.Add(new Survey
        {
            OrderId = order.Id, CustomerId = order.CustomerId, Token = SurveyRules.NewToken(),
            ScheduledFor = due, DueAt = due, CreatedAt = now,
        });
        await db.SaveChangesAsync();
    }
}
