using System.Text.Json;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Surveys;

namespace Helpdesk.Features.Orders;

/// <summary>An order as any store describes it, after its own format has been read.</summary>
public sealed record OrderFacts(
    string ExternalId, string Number, CustomerFacts Customer, DateTime PlacedAt, decimal Total, string Currency,
    string Status, DateTime? FulfilledAt, DateTime? DeliveredAt, IReadOnlyList<OrderLine> Lines)
{
    public DateTime? SourceUpdatedAt { get; init; }
    /// <summary>Null when the store said nothing about tracking: what is known stays.</summary>
    public TrackingUpdate? Tracking { get; init; }
}

/// <summary>
/// The one channel-agnostic order intake: upsert by the store's id, tie the order to its customer,
/// bring the customer's history up to date. A delivery id makes a webhook replay change nothing.
/// </summary>
/// <param name="Progress">Shopify sends updates out of order: a delivered order is not set back to fulfilled.</param>
public sealed record RecordOrder(long ChannelId, OrderFacts Order, string? DeliveryId = null, bool Progress = false)
    : IRequest<RecordedOrder?>;

public sealed record RecordedOrder(long OrderId, long CustomerId)
{
    /// <summary>Conversations whose priority the order changed, to publish after the commit.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<ConversationChanged> Reprioritized { get; init; } = [];
}

public sealed class RecordOrderHandler(
    WriteQueue writes, CustomerResolver customers, TierPolicy tiers, ConversationLifecycle lifecycle,
    IMediator mediator, TimeProvider time)
    : IRequestHandler<RecordOrder, RecordedOrder?>
{
    public async Task<RecordedOrder?> Handle(RecordOrder r, CancellationToken ct)
    {
        // Orders arriving together share one commit; the answer waits for it.
        var recorded = await writes.RunAsync(db => RecordAsync(db, r));
        if (recorded is null) return null;
        foreach (var changed in recorded.Reprioritized) await mediator.Publish(changed, CancellationToken.None);
        return recorded;
    }

    private async Task<RecordedOrder?> RecordAsync(HelpdeskDbContext db, RecordOrder r)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (await WebhookReceipts.SeenBeforeAsync(db, r.ChannelId, r.DeliveryId, now)) return null;

        var facts = r.Order;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.ChannelId == r.ChannelId && o.ExternalId == facts.ExternalId);
        var newCustomer = false;
        if (order is null)
        {
            var customer = await customers.ResolveAsync(db, facts.Customer);
            newCustomer = customer.Id == 0;
            if (newCustomer) await db.SaveChangesAsync();
            order = db.Orders.Add(new Order
            {
                ChannelId = r.ChannelId, ExternalId = facts.ExternalId, Number = facts.Number, CustomerId = customer.Id,
                Currency = facts.Currency,
            }).Entity;
        }

        // Shopify delivers out of order: what is older than what we have is not news.
        if (order.Id != 0 && facts.SourceUpdatedAt < order.SourceUpdatedAt)
        {
            await db.SaveChangesAsync();
            return new RecordedOrder(order.Id, order.CustomerId);
        }
        order.Number = facts.Number;
        order.PlacedAt = facts.PlacedAt;
        order.Total = facts.Total;
        order.Currency = facts.Currency;
        order.LinesJson = JsonSerializer.Serialize(facts.Lines, JsonSerializerOptions.Web);
        if (facts.Tracking is not null)
            order.TrackingJson = ShipmentTracking.Write(ShipmentTracking.Apply(ShipmentTracking.Read(order.TrackingJson), facts.Tracking));
        order.UpdatedAt = now;
        order.SourceUpdatedAt = facts.SourceUpdatedAt ?? order.SourceUpdatedAt;
        if (!r.Progress || Rank(facts.Status) >= Rank(order.Status) || order.Id == 0)
        {
            order.Status = facts.Status;
            order.FulfilledAt = facts.FulfilledAt ?? order.FulfilledAt;
            order.DeliveredAt = facts.DeliveredAt ?? order.DeliveredAt;
        }
        var moved = await CustomerHistory.RefreshAsync(db, tiers, lifecycle, order, now, newCustomer);
        await ScheduleSurvey.ForOrderAsync(db, order, now);
        return new RecordedOrder(order.Id, order.CustomerId) { Reprioritized = moved };
    }

    /// <summary>How far an order has come; cancellation and refund end it whatever came before.</summary>
    public static int Rank(string status) => status switch
    {
        OrderStatuses.Pending => 0,
        OrderStatuses.Paid => 1,
        OrderStatuses.Fulfilled => 2,
        OrderStatuses.Delivered => 3,
        _ => 4,
    };
}
