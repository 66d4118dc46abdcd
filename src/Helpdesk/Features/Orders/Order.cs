namespace Helpdesk.Features.Orders;

public sealed class Order
{
    public long Id { get; set; }
    /// <summary>The store the order came from; the external id is unique per store.</summary>
    public long ChannelId { get; set; }
    public required string ExternalId { get; set; }
    public required string Number { get; set; }
    public long CustomerId { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime? FulfilledAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public string Status { get; set; } = OrderStatuses.Paid;
    public decimal Total { get; set; }
    public required string Currency { get; set; }
    /// <summary>Order lines as JSON: shown to agents, never queried.</summary>
    public string LinesJson { get; set; } = "[]";
    /// <summary>The shipments' tracking as JSON (<see cref="OrderTracking"/>): shown to agents and to the proven customer, never queried.</summary>
    public string TrackingJson { get; set; } = "[]";
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the store last changed the order (Shopify's updated_at): older news is not applied.</summary>
    public DateTime? SourceUpdatedAt { get; set; }
}

public sealed record OrderLine(string? Sku, string Name, int Quantity, decimal Price);

/// <summary>One shipment's tracking: the carrier, its number and the page to follow it on.</summary>
public sealed record OrderTracking(string? Company, string? Number, string? Url);

public static class OrderStatuses
{
    /// <summary>Placed but not paid yet (Shopify's pending or authorized); not yet part of the history.</summary>
    public const string Pending = "pending";
    public const string Paid = "paid";
    public const string Fulfilled = "fulfilled";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
    public const string Refunded = "refunded";

    /// <summary>What the order API accepts.</summary>
    public static readonly string[] Accepted = [Paid, Fulfilled, Delivered, Cancelled, Refunded];

    /// <summary>Orders that make up a customer's history: paid and not cancelled or refunded.</summary>
    public static bool Counts(string status) => status is Paid or Fulfilled or Delivered;
}

/// <summary>A webhook delivery already handled, so that a replay changes nothing.</summary>
public sealed class WebhookReceipt
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public required string DeliveryId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

public static class WebhookReceipts
{
    /// <summary>
    /// True when this delivery was handled before; otherwise records it, to be saved with the
    /// change it causes. Without a delivery id nothing can be told apart, so it counts as new.
    /// </summary>
    public static async Task<bool> SeenBeforeAsync(HelpdeskDbContext db, long channelId, string? deliveryId, DateTime now)
    {
        if (deliveryId is null) return false;
        if (await db.WebhookReceipts.AnyAsync(w => w.ChannelId == channelId && w.DeliveryId == deliveryId)) return true;
        db.WebhookReceipts.Add(new WebhookReceipt { ChannelId = channelId, DeliveryId = deliveryId, ReceivedAt = now });
        return false;
    }
}
