using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FluentValidation.Results;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Orders;

/// <summary>
/// Shopify's order and fulfillment webhooks: verify the signature over the raw body before
/// anything is read, ignore replays and topics we do not use, then record the order.
/// </summary>
public sealed record IngestShopifyWebhook(long ChannelId, string? Topic, string? Signature, string? DeliveryId, byte[] Body)
    : IRequest<Unit>, IEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/shopify/{channelId:long}", async (long channelId, HttpRequest request, IMediator m) =>
            {
                var body = await RawBody.ReadAsync(request, MaxBodyBytes);
                await m.Send(new IngestShopifyWebhook(channelId, request.Headers["X-Shopify-Topic"],
                    request.Headers["X-Shopify-Hmac-Sha256"], request.Headers["X-Shopify-Webhook-Id"], body), request.HttpContext.RequestAborted);
                return Results.Ok();
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks).DisableAntiforgery().WithTags("Orders");
}

public sealed class IngestShopifyWebhookHandler(HelpdeskDbContext db, IMediator mediator, ChannelHealth health)
    : IRequestHandler<IngestShopifyWebhook, Unit>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<Unit> Handle(IngestShopifyWebhook r, CancellationToken ct)
    {
        var secret = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Shopify).Select(c => new { c.Secret })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        if (!Signatures.Base64HmacMatches(secret.Secret, r.Body, r.Signature))
        {
            health.Rejected(r.ChannelId, RejectionReasons.Signature);
            throw new UnauthorizedException("The webhook signature is not valid.");
        }
        health.Received(r.ChannelId);

        var deliveryId = string.IsNullOrEmpty(r.DeliveryId) ? null : r.DeliveryId;
        switch (r.Topic)
        {
            case "orders/create" or "orders/updated" or "orders/paid" or "orders/fulfilled" or "orders/cancelled":
                await mediator.Send(new RecordOrder(r.ChannelId, FromOrder(Parse<ShopifyOrder>(r.Body)), deliveryId, Progress: true), ct);
                break;
            case "fulfillments/create" or "fulfillments/update":
                await mediator.Send(FromFulfillment(Parse<ShopifyFulfillment>(r.Body), r.ChannelId) with { DeliveryId = deliveryId }, ct);
                break;
            // A topic we do not use is acknowledged, so Shopify does not retry it.
        }
        return Unit.Value;
    }

    private static T Parse<T>(byte[] body) => WebhookJson.Parse<T>(body, Json);

    private static ValidationException Invalid(string field, string message) => WebhookJson.Invalid(field, message);

    private static OrderFacts FromOrder(ShopifyOrder o)
    {
        var errors = new List<ValidationFailure>();
        if (o.Id is null) errors.Add(new("id", "'id' is required."));
        if (o.CreatedAt is null) errors.Add(new("created_at", "'created_at' is required."));
        if (!decimal.TryParse(o.TotalPrice, NumberStyles.Number, CultureInfo.InvariantCulture, out var total) || total < 0)
            errors.Add(new("total_price", "'total_price' must be a non-negative amount such as \"129.95\"."));
        if (!Currencies.IsKnown(o.Currency)) errors.Add(new("currency", "'currency' must be an ISO 4217 code such as EUR."));
        if (errors.Count > 0) throw new ValidationException(errors);

        var fulfillments = o.Fulfillments?.OfType<ShopifyFulfillment>().ToList() ?? [];
        var delivered = fulfillments.Where(f => f.ShipmentStatus == "delivered").Max(f => f.UpdatedAt ?? f.CreatedAt);
        var fulfilled = fulfillments.Where(Succeeded).Min(f => f.CreatedAt);
        // Only a paid order is history; an unpaid one (cash on delivery, manual payment) stays pending however far it has shipped.
        var paid = o.FinancialStatus is "paid" or "partially_paid" or "partially_refunded";
        var status =
            o.CancelledAt is not null || o.FinancialStatus == "voided" ? OrderStatuses.Cancelled
            : o.FinancialStatus == "refunded" ? OrderStatuses.Refunded
            : !paid ? OrderStatuses.Pending
            : delivered is not null ? OrderStatuses.Delivered
            : o.FulfillmentStatus == "fulfilled" ? OrderStatuses.Fulfilled
            : OrderStatuses.Paid;
        // After a partial refund the order is worth what the customer kept.
        if (decimal.TryParse(o.CurrentTotalPrice, NumberStyles.Number, CultureInfo.InvariantCulture, out var current) && current >= 0)
            total = current;

        // A guest checkout has no customer; the order's own email and phone still say who it is. With an
        // account, the account's email is the customer's; the order's may be a gift recipient's.
        var c = o.Customer;
        var name = string.Join(' ', new[] { c?.FirstName, c?.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return new OrderFacts(
            o.Id!.Value.ToString(CultureInfo.InvariantCulture),
            o.Name ?? o.OrderNumber?.ToString(CultureInfo.InvariantCulture) ?? o.Id.Value.ToString(CultureInfo.InvariantCulture),
            new CustomerFacts(c?.Id?.ToString(CultureInfo.InvariantCulture), c?.Email ?? o.Email, c?.Phone ?? o.Phone,
                name.Length > 0 ? name : null, o.CustomerLocale),
            (o.ProcessedAt ?? o.CreatedAt)!.Value.UtcDateTime, total, o.Currency!, status,
            fulfilled?.UtcDateTime ?? (status is OrderStatuses.Fulfilled ? o.UpdatedAt?.UtcDateTime : null),
            delivered?.UtcDateTime,
            (o.LineItems ?? []).OfType<ShopifyLineItem>().Select(l => new OrderLine(l.Sku, l.Name ?? l.Title ?? "", l.Quantity,
                decimal.TryParse(l.Price, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0)).ToList())
        {
            SourceUpdatedAt = o.UpdatedAt?.UtcDateTime,
            Tracking = new TrackingUpdate(
                fulfillments.Where(Succeeded).SelectMany(TrackingOf).ToList(),
                fulfillments.Where(Withdrawn).SelectMany(TrackingOf).ToList(), Whole: false),
        };
    }

    private static RecordFulfillment FromFulfillment(ShopifyFulfillment f, long channelId)
    {
        if (f.OrderId is null) throw Invalid("order_id", "'order_id' is required.");
        var delivered = f.ShipmentStatus == "delivered";
        var succeeded = delivered || Succeeded(f);
        return new RecordFulfillment(channelId, f.OrderId.Value.ToString(CultureInfo.InvariantCulture),
            Delivered: delivered, Succeeded: succeeded,
            FulfilledAt: f.CreatedAt?.UtcDateTime, DeliveredAt: delivered ? (f.UpdatedAt ?? f.CreatedAt)?.UtcDateTime : null)
        {
            Tracking = new TrackingUpdate(succeeded ? TrackingOf(f) : [], Withdrawn(f) ? TrackingOf(f) : [], Whole: false),
        };
    }

    private static bool Succeeded(ShopifyFulfillment f) => f.Status is null or "success";

    /// <summary>A fulfillment that will not ship: its tracking leaves the order. A pending one is not news yet.</summary>
    private static bool Withdrawn(ShopifyFulfillment f) => f.Status is "cancelled" or "error" or "failure";

    private static IReadOnlyList<OrderTracking> TrackingOf(ShopifyFulfillment f) =>
        ShipmentTracking.FromShipment(f.TrackingCompany, f.TrackingNumber, f.TrackingNumbers, f.TrackingUrl, f.TrackingUrls);

    // Shopify's Order and Fulfillment resources, as much of them as the helpdesk uses.
    private sealed record ShopifyOrder(
        long? Id, string? Name, long? OrderNumber, string? Email, string? Phone, DateTimeOffset? CreatedAt,
        DateTimeOffset? ProcessedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? CancelledAt, string? TotalPrice, string? CurrentTotalPrice,
        string? Currency, string? FinancialStatus, string? FulfillmentStatus, string? CustomerLocale,
        ShopifyCustomer? Customer, List<ShopifyLineItem>? LineItems, List<ShopifyFulfillment>? Fulfillments);

    private sealed record ShopifyCustomer(long? Id, string? Email, string? FirstName, string? LastName, string? Phone);

    private sealed record ShopifyLineItem(string? Sku, string? Name, string? Title, int Quantity, string? Price);

    private sealed record ShopifyFulfillment(
        long? Id, long? OrderId, string? Status, string? ShipmentStatus, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt,
        string? TrackingCompany, string? TrackingNumber, List<string?>? TrackingNumbers, string? TrackingUrl, List<string?>? TrackingUrls);
}
