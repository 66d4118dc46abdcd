using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Customers;

/// <summary>After an order changed: the customer's history in brief, and their waiting conversations' priority.</summary>
public static class CustomerHistory
{
    /// <summary>
    /// Saves the order together with its customer's refreshed brief; when the brief changed, moves the
    /// customer's conversations in the same transaction. Returns what that changed, to publish after the commit.
    /// </summary>
    /// <param name="newCustomer">The customer was created for this order: there are no other orders to read.</param>
    public static async Task<List<ConversationChanged>> RefreshAsync(
        HelpdeskDbContext db, TierPolicy tiers, ConversationLifecycle lifecycle, Order order, DateTime now, bool newCustomer = false)
    {
        var owner = await db.Customers.FindAsync(order.CustomerId) ?? throw new NotFoundException("Customer");
        var before = (owner.Tier, owner.OrderCount, owner.LifetimeValue, owner.Currency);
        var others = newCustomer ? []
            : await db.Orders.AsNoTracking().Where(o => o.CustomerId == owner.Id && o.Id != order.Id).ToListAsync();
        tiers.Apply(owner, [.. others, order]);
        await db.SaveChangesAsync();
        return before == (owner.Tier, owner.OrderCount, owner.LifetimeValue, owner.Currency)
            ? [] : await ReprioritizeCustomer.ApplyAsync(db, lifecycle, owner, now);
    }
}
