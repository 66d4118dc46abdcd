using System.Text.Json;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Orders;

/// <summary>An order as any store describes it, after its own format has been read.</summary>
public sealed record OrderFacts(
    string ExternalId, string Number, CustomerFacts Customer, DateTime PlacedAt, decimal Total, string Currency,
    string Status, DateTime? FulfilledAt, DateTime? DeliveredAt, IReadOnlyList<OrderLine> Lines);

/// <summary>
/// The one channel-agnostic order intake: upsert by the store's id, tie the order to its customer,
/// bring the customer's history up to date. A delivery id makes a webhook replay change nothing.
/// </summary>
/// <param name="Progress">Shopify sends updates out of order: a delivered order is not set back to fulfilled.</param>
public sealed record RecordOrder(long ChannelId, OrderFacts Order, string? DeliveryId = null, bool Progress = false)
    : IRequest<RecordedOrder?>;

public sealed record RecordedOrder(long OrderId, long CustomerId);

/// <summary>Published after an order was added or changed and committed.</summary>
public sealed record OrderChanged(long OrderId, long CustomerId) : INotification;

public sealed class RecordOrderHandler(
    HelpdeskDbContext db, CustomerResolver customers, TierPolicy tiers, IMediator mediator, TimeProvider time)
    : IRequestHandler<RecordOrder, RecordedOrder?>
{
    public async Task<RecordedOrder?> Handle(RecordOrder r, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (r.DeliveryId is not null)
        {
            if (await db.WebhookReceipts.AnyAsync(w => w.ChannelId == r.ChannelId && w.DeliveryId == r.DeliveryId, ct)) return null;
            db.WebhookReceipts.Add(new WebhookReceipt { ChannelId = r.ChannelId, DeliveryId = r.DeliveryId, ReceivedAt = time.GetUtcNow().UtcDateTime });
        }

        var facts = r.Order;
        var order = await db.Orders.FirstOrDefaultAsync(o => o.ChannelId == r.ChannelId && o.ExternalId == facts.ExternalId, ct);
        if (order is null)
        {
            var customer = await customers.ResolveAsync(facts.Customer, ct);
            if (customer.Id == 0) await db.SaveChangesAsync(ct);
            order = db.Orders.Add(new Order
            {
                ChannelId = r.ChannelId, ExternalId = facts.ExternalId, Number = facts.Number, CustomerId = customer.Id,
                Currency = facts.Currency,
            }).Entity;
        }

        order.Number = facts.Number;
        order.PlacedAt = facts.PlacedAt;
        order.Total = facts.Total;
        order.Currency = facts.Currency;
        order.LinesJson = JsonSerializer.Serialize(facts.Lines, JsonSerializerOptions.Web);
        order.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (!r.Progress || Rank(facts.Status) >= Rank(order.Status) || order.Id == 0)
        {
            order.Status = facts.Status;
            order.FulfilledAt = facts.FulfilledAt ?? order.FulfilledAt;
            order.DeliveredAt = facts.DeliveredAt ?? order.DeliveredAt;
        }
        await db.SaveChangesAsync(ct);

        await RefreshHistoryAsync(order.CustomerId, ct);
        await tx.CommitAsync(ct);
        await mediator.Publish(new OrderChanged(order.Id, order.CustomerId), CancellationToken.None);
        return new RecordedOrder(order.Id, order.CustomerId);
    }

    private async Task RefreshHistoryAsync(long customerId, CancellationToken ct)
    {
        var customer = await db.Customers.FirstAsync(c => c.Id == customerId, ct);
        tiers.Apply(customer, await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId).ToListAsync(ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>How far an order has come; cancellation and refund end it whatever came before.</summary>
    private static int Rank(string status) => status switch
    {
        OrderStatuses.Pending => 0,
        OrderStatuses.Paid => 1,
        OrderStatuses.Fulfilled => 2,
        OrderStatuses.Delivered => 3,
        _ => 4,
    };
}
