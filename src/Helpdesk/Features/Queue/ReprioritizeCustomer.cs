using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Queue;

/// <summary>
/// An order that changes a customer's history moves their waiting conversations at once: new
/// tier, new reason, due time recomputed from when they started waiting.
/// </summary>
public sealed class ReprioritizeCustomer(HelpdeskDbContext db, PriorityPolicy priority, ConversationFeed feed)
    : INotificationHandler<OrderChanged>, INotificationHandler<CustomersMerged>
{
    public Task Handle(OrderChanged n, CancellationToken ct) => ReprioritizeAsync(n.CustomerId, ct);

    public Task Handle(CustomersMerged n, CancellationToken ct) => ReprioritizeAsync(n.CustomerId, ct);

    private async Task ReprioritizeAsync(long customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null) return;
        var reason = PriorityPolicy.Who(customer.Tier, customer.OrderCount, customer.LifetimeValue, customer.Currency);
        var conversations = await db.Conversations
            .Where(c => c.CustomerId == customerId && c.Status != ConversationStatuses.Resolved)
            .Select(c => new { c.Id, Kind = db.Channels.Where(ch => ch.Id == c.ChannelId).Select(ch => ch.Kind).First() })
            .ToListAsync(ct);
        foreach (var c in conversations)
        {
            await db.Conversations.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Tier, customer.Tier).SetProperty(x => x.PriorityReason, reason), ct);
            // A statement of its own: within one UPDATE, the due time would still see the old tier.
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE Conversations SET DueAt = {priority.DueAtSql(c.Kind, "WaitingSince")} WHERE Id = {{0}}", [c.Id], ct);
            feed.Changed(c.Id);
        }
    }
}
