using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Customers;

/// <summary>A customer's tier and history in brief, from their orders.</summary>
public sealed class TierPolicy(IOptions<TierOptions> options)
{
    public string Tier(int orderCount, decimal lifetimeValue)
    {
        var o = options.Value;
        if (orderCount >= o.VipOrders || orderCount > 0 && lifetimeValue > o.VipLifetimeValue) return Tiers.Vip;
        if (orderCount >= o.ReturningOrders) return Tiers.Returning;
        return orderCount == 1 ? Tiers.FirstTime : Tiers.New;
    }

    /// <summary>
    /// Recomputes the customer's brief from all their orders. The lifetime value adds up orders in
    /// the currency of the latest one; a shop selling in several currencies sees its main one.
    /// </summary>
    public void Apply(Customer customer, IReadOnlyCollection<Order> orders)
    {
        var counted = orders.Where(o => OrderStatuses.Counts(o.Status)).ToList();
        customer.OrderCount = counted.Count;
        customer.Currency = counted.MaxBy(o => o.PlacedAt)?.Currency ?? orders.MaxBy(o => o.PlacedAt)?.Currency;
        customer.LifetimeValue = counted.Where(o => o.Currency == customer.Currency).Sum(o => o.Total);
        customer.LastOrderAt = orders.Count == 0 ? null : orders.Max(o => o.PlacedAt);
        customer.Tier = Tier(customer.OrderCount, customer.LifetimeValue);
    }
}
