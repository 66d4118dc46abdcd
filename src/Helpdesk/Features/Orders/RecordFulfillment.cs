using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Surveys;

namespace Helpdesk.Features.Orders;

/// <summary>
/// A shipment of an order we know: fulfilled, or delivered. Only the status, its dates and the
/// tracking change, read and written in one step, so a fulfillment never writes back an older copy of the order.
/// </summary>
public sealed record RecordFulfillment(
    long ChannelId, string OrderExternalId, bool Delivered, bool Succeeded, DateTime? FulfilledAt, DateTime? DeliveredAt)
    : IRequest<RecordedOrder>
{
    public string? DeliveryId { get; init; }
    public TrackingUpdate? Tracking { get; init; }
}

public sealed class RecordFulfillmentHandler(
    WriteQueue writes, TierPolicy tiers, ConversationLifecycle lifecycle, IMediator mediator, TimeProvider time)
    : IRequestHandler<RecordFulfillment, RecordedOrder>
{
    public async Task<RecordedOrder> Handle(RecordFulfillment r, CancellationToken ct)
    {
        var recorded = await writes.RunAsync(db => RecordAsync(db, r));
        foreach (var changed in recorded.Reprioritized) await mediator.Publish(changed, CancellationToken.None);
        return recorded;
    }

    private async Task<RecordedOrder> RecordAsync(HelpdeskDbContext db, RecordFulfillment r)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Shopify may send the shipment before the order itself; a conflict makes it try again later.
        var order = await db.Orders.FirstOrDefaultAsync(o => o.ChannelId == r.ChannelId && o.ExternalId == r.OrderExternalId)
            ?? throw new ConflictException("The order of this fulfillment is not known yet; send it again later.");
        if (await WebhookReceipts.SeenBeforeAsync(db, r.ChannelId, r.DeliveryId, now)) return new RecordedOrder(order.Id, order.CustomerId);

        if (r.Succeeded)
        {
            order.FulfilledAt ??= r.FulfilledAt ?? now;
            if (r.Delivered) order.DeliveredAt ??= r.DeliveredAt ?? now;
            // An unpaid, cancelled or refunded order keeps its status: shipping does not make it history.
            var shipped = r.Delivered ? OrderStatuses.Delivered : OrderStatuses.Fulfilled;
            if (OrderStatuses.Counts(order.Status) && RecordOrderHandler.Rank(shipped) > RecordOrderHandler.Rank(order.Status))
                order.Status = shipped;
            order.UpdatedAt = now;
        }
        if (r.Tracking is not null)
        {
            var tracking = ShipmentTracking.Write(ShipmentTracking.Apply(ShipmentTracking.Read(order.TrackingJson), r.Tracking));
            if (tracking != order.TrackingJson)
            {
                order.TrackingJson = tracking;
                order.UpdatedAt = now;
            }
        }
        var moved = await CustomerHistory.RefreshAsync(db, tiers, lifecycle, order, now);
        await ScheduleSurvey.ForOrderAsync(db, order, now);
        return new RecordedOrder(order.Id, order.CustomerId) { Reprioritized = moved };
    }
}
