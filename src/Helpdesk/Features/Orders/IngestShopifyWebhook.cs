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
            .AllowAnonymous().DisableAntiforgery().WithTags("Orders");
}

public sealed class IngestShopifyWebhookHandler(HelpdeskDbContext db, IMediator mediator)
    : IRequestHandler<IngestShopifyWebhook, Unit>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<Unit> Handle(IngestShopifyWebhook r, CancellationToken ct)
    {
        var secret = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Shopify).Select(c => new { c.Secret })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        if (!Signatures.Base64HmacMatches(secret.Secret, r.Body, r.Signature))
            throw new UnauthorizedException("The webhook signature is not valid.");

        var facts = r.Topic switch
        {
            "orders/create" or "orders/updated" or "orders/paid" or "orders/fulfilled" or "orders/cancelled"
                => FromOrder(Parse<ShopifyOrder>(r.Body)),
            "fulfillments/create" or "fulfillments/update" => await FromFulfillmentAsync(Parse<ShopifyFulfillment>(r.Body), r.ChannelId, ct),
            _ => null, // a topic we do not use is acknowledged, so Shopify does not retry it
        };
        if (facts is not null)
            await mediator.Send(new RecordOrder(r.ChannelId, facts, string.IsNullOrEmpty(r.DeliveryId) ? null : r.DeliveryId, Progress: true), ct);
        return Unit.Value;
    }

    private static T Parse<T>(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw Invalid("body", "The body is empty.");
        }
        catch (JsonException e)
        {
            throw Invalid(e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", $"The JSON is not valid: {e.Message}");
        }
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    private static OrderFacts FromOrder(ShopifyOrder o)
    {
        var errors = new List<ValidationFailure>();
        if (o.Id is null) errors.Add(new("id", "'id' is required."));
        if (o.CreatedAt is null) errors.Add(new("created_at", "'created_at' is required."));
        if (!decimal.TryParse(o.TotalPrice, NumberStyles.Number, CultureInfo.InvariantCulture, out var total) || total < 0)
            errors.Add(new("total_price", "'total_price' must be a non-negative amount such as \"129.95\"."));
        if (!Currencies.IsKnown(o.Currency)) errors.Add(new("currency", "'currency' must be an ISO 4217 code such as EUR."));
        if (errors.Count > 0) throw new ValidationException(errors);

        var delivered = o.Fulfillments?.Where(f => f.ShipmentStatus == "delivered").Max(f => f.UpdatedAt ?? f.CreatedAt);
        var fulfilled = o.Fulfillments?.Where(f => f.Status is null or "success").Min(f => f.CreatedAt);
        var status =
            o.CancelledAt is not null || o.FinancialStatus == "voided" ? OrderStatuses.Cancelled
            : o.FinancialStatus == "refunded" ? OrderStatuses.Refunded
            : delivered is not null ? OrderStatuses.Delivered
            : o.FulfillmentStatus == "fulfilled" ? OrderStatuses.Fulfilled
            : o.FinancialStatus is "paid" or "partially_paid" or "partially_refunded" ? OrderStatuses.Paid
            : OrderStatuses.Pending;

        // A guest checkout has no customer; the order's own email and phone still say who it is.
        var c = o.Customer;
        var name = string.Join(' ', new[] { c?.FirstName, c?.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return new OrderFacts(
            o.Id!.Value.ToString(CultureInfo.InvariantCulture),
            o.Name ?? o.OrderNumber?.ToString(CultureInfo.InvariantCulture) ?? o.Id.Value.ToString(CultureInfo.InvariantCulture),
            new CustomerFacts(c?.Id?.ToString(CultureInfo.InvariantCulture), o.Email ?? c?.Email, o.Phone ?? c?.Phone,
                name.Length > 0 ? name : null, o.CustomerLocale),
            (o.ProcessedAt ?? o.CreatedAt)!.Value.UtcDateTime, total, o.Currency!, status,
            fulfilled?.UtcDateTime ?? (status is OrderStatuses.Fulfilled ? o.UpdatedAt?.UtcDateTime : null),
            delivered?.UtcDateTime,
            (o.LineItems ?? []).Select(l => new OrderLine(l.Sku, l.Name ?? l.Title ?? "", l.Quantity,
                decimal.TryParse(l.Price, NumberStyles.Number, CultureInfo.InvariantCulture, out var p) ? p : 0)).ToList());
    }

    /// <summary>A fulfillment changes an order we have; one for an order not seen yet waits for that order's own webhook.</summary>
    private async Task<OrderFacts?> FromFulfillmentAsync(ShopifyFulfillment f, long channelId, CancellationToken ct)
    {
        if (f.OrderId is null) throw Invalid("order_id", "'order_id' is required.");
        var externalId = f.OrderId.Value.ToString(CultureInfo.InvariantCulture);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.ChannelId == channelId && o.ExternalId == externalId, ct);
        if (order is null) return null;
        var at = (f.UpdatedAt ?? f.CreatedAt)?.UtcDateTime;
        var delivered = f.ShipmentStatus == "delivered";
        if (!delivered && f.Status is not (null or "success")) return null;
        return new OrderFacts(order.ExternalId, order.Number, new CustomerFacts(), order.PlacedAt, order.Total, order.Currency,
            delivered ? OrderStatuses.Delivered : OrderStatuses.Fulfilled,
            order.FulfilledAt ?? f.CreatedAt?.UtcDateTime, delivered ? at : null,
            JsonSerializer.Deserialize<List<OrderLine>>(order.LinesJson, JsonSerializerOptions.Web) ?? []);
    }

    // Shopify's Order and Fulfillment resources, as much of them as the helpdesk uses.
    private sealed record ShopifyOrder(
        long? Id, string? Name, long? OrderNumber, string? Email, string? Phone, DateTimeOffset? CreatedAt,
        DateTimeOffset? ProcessedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? CancelledAt, string? TotalPrice,
        string? Currency, string? FinancialStatus, string? FulfillmentStatus, string? CustomerLocale,
        ShopifyCustomer? Customer, List<ShopifyLineItem>? LineItems, List<ShopifyFulfillment>? Fulfillments);

    private sealed record ShopifyCustomer(long? Id, string? Email, string? FirstName, string? LastName, string? Phone);

    private sealed record ShopifyLineItem(string? Sku, string? Name, string? Title, int Quantity, string? Price);

    private sealed record ShopifyFulfillment(
        long? Id, long? OrderId, string? Status, string? ShipmentStatus, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt);
}
