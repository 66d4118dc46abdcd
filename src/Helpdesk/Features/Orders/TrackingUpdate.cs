namespace Helpdesk.Features.Orders;

/// <summary>
/// What one message from a store tells about an order's tracking: the shipments to show, those
/// withdrawn (a cancelled fulfillment), and whether the list is the whole of it. Shopify's news is
/// never whole: its webhooks arrive out of order, so an older copy of the order must not erase the
/// tracking a later fulfillment brought.
/// </summary>
public sealed record TrackingUpdate(IReadOnlyList<OrderTracking> Shipped, IReadOnlyList<OrderTracking> Withdrawn, bool Whole)
{
    /// <summary>The store's complete list, as the order API sends it: it replaces what was there.</summary>
    public static TrackingUpdate Replace(IReadOnlyList<OrderTracking> tracking) => new(tracking, [], Whole: true);
}
