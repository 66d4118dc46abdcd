using Helpdesk.Features.Channels;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Orders;

public sealed record SubmittedCustomer(string? ExternalId, string? Email, string? Name, string? Phone);
public sealed record SubmittedLine(string? Sku, string? Name, int Quantity, decimal Price);
public sealed record SubmittedTracking(string? Company, string? Number, string? Url);

/// <summary>Orders from any store that is not Shopify, authenticated by a channel secret as API key.</summary>
public sealed record SubmitOrder(
    string? ApiKey, string? ExternalId, string? Number, SubmittedCustomer? Customer, DateTimeOffset? PlacedAt,
    decimal? Total, string? Currency, string? Status, DateTimeOffset? FulfilledAt, DateTimeOffset? DeliveredAt,
    List<SubmittedLine>? Lines, List<SubmittedTracking>? Tracking = null) : IRequest<RecordedOrder>, IEndpoint
{
    public sealed record Input(
        string? ExternalId, string? Number, SubmittedCustomer? Customer, DateTimeOffset? PlacedAt, decimal? Total,
        string? Currency, string? Status, DateTimeOffset? FulfilledAt, DateTimeOffset? DeliveredAt, List<SubmittedLine>? Lines,
        List<SubmittedTracking>? Tracking);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders", (Input i, HttpRequest request, IMediator m) =>
                m.Send(new SubmitOrder(request.Headers["X-Api-Key"], i.ExternalId, i.Number, i.Customer, i.PlacedAt, i.Total,
                    i.Currency, i.Status, i.FulfilledAt, i.DeliveredAt, i.Lines, i.Tracking), request.HttpContext.RequestAborted))
            // 500 lines with long names are well over the anonymous 64 KB; as much as a Shopify order webhook may be.
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(IngestShopifyWebhook.MaxBodyBytes))
            .WithTags("Orders");
}

public sealed class SubmitOrderValidator : AbstractValidator<SubmitOrder>
{
    public SubmitOrderValidator()
    {
        RuleFor(r => r.ExternalId).NotEmpty().MaximumLength(100).WithName("externalId");
        RuleFor(r => r.Number).NotEmpty().MaximumLength(100).WithName("number");
        RuleFor(r => r.Customer).NotNull().WithName("customer")
            .Must(c => c is null || !string.IsNullOrWhiteSpace(c.ExternalId) || !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone))
            .WithMessage("'customer' needs an externalId, an email or a phone.");
        RuleFor(r => r.Customer!.Email).EmailAddress().MaximumLength(320).When(r => !string.IsNullOrEmpty(r.Customer?.Email)).WithName("customer.email");
        RuleFor(r => r.Customer!.Name).MaximumLength(200).When(r => r.Customer is not null).WithName("customer.name");
        RuleFor(r => r.Customer!.Phone).MaximumLength(40).When(r => r.Customer is not null).WithName("customer.phone");
        RuleFor(r => r.Customer!.ExternalId).MaximumLength(100).When(r => r.Customer is not null).WithName("customer.externalId");
        RuleFor(r => r.PlacedAt).NotNull().WithName("placedAt");
        RuleFor(r => r.Total).NotNull().GreaterThanOrEqualTo(0).WithName("total");
        RuleFor(r => r.Currency).Must(Currencies.IsKnown).WithName("currency").WithMessage("'currency' must be an ISO 4217 code such as EUR.");
        RuleFor(r => r.Status).Must(s => s is not null && OrderStatuses.Accepted.Contains(s)).WithName("status")
            .WithMessage("'status' must be paid, fulfilled, delivered, cancelled or refunded.");
        RuleFor(r => r.Lines).Must(l => l is null || l.Count <= 500).WithName("lines").WithMessage("At most 500 lines.");
        RuleForEach(r => r.Lines).NotNull().WithMessage("A line must not be null.").OverridePropertyName("lines");
        RuleForEach(r => r.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Name).NotEmpty().MaximumLength(300);
            line.RuleFor(l => l.Sku).MaximumLength(100);
            line.RuleFor(l => l.Quantity).GreaterThan(0);
            line.RuleFor(l => l.Price).GreaterThanOrEqualTo(0);
        }).OverridePropertyName("lines");
        RuleFor(r => r.Tracking).Must(t => t is null || t.Count <= ShipmentTracking.MaxEntries).WithName("tracking")
            .WithMessage($"At most {ShipmentTracking.MaxEntries} tracking entries.");
        RuleForEach(r => r.Tracking).NotNull().WithMessage("A tracking entry must not be null.").OverridePropertyName("tracking");
        RuleForEach(r => r.Tracking).ChildRules(entry =>
        {
            entry.RuleFor(e => e.Company).MaximumLength(ShipmentTracking.MaxCompany);
            entry.RuleFor(e => e.Number).MaximumLength(ShipmentTracking.MaxNumber);
            // Shown as a link to agents and shoppers: a javascript: or data: address would run in their browser.
            entry.RuleFor(e => e.Url).Must(ShipmentTracking.IsSafeUrl).When(e => !string.IsNullOrWhiteSpace(e.Url))
                .WithMessage("'{PropertyName}' must be an absolute http or https address, at most 2000 characters.");
            entry.RuleFor(e => e.Number).NotEmpty().When(e => string.IsNullOrWhiteSpace(e.Url))
                .WithMessage("A tracking entry needs a number or a url.");
        }).OverridePropertyName("tracking");
    }
}

public sealed class SubmitOrderHandler(HelpdeskDbContext db, IMediator mediator, ChannelHealth health) : IRequestHandler<SubmitOrder, RecordedOrder>
{
    public async Task<RecordedOrder> Handle(SubmitOrder r, CancellationToken ct)
    {
        // Few channels carry secrets; each is compared in constant time.
        var channels = await db.Channels.AsNoTracking()
            .Where(c => (c.Kind == ChannelKinds.Shopify || c.Kind == ChannelKinds.Storefront) && c.Secret != null)
            .Select(c => new { c.Id, c.Secret }).ToListAsync(ct);
        var channel = channels.FirstOrDefault(c => Signatures.SecretsMatch(c.Secret, r.ApiKey))
            ?? throw new UnauthorizedException("The X-Api-Key header does not name a store.");
        health.Received(channel.Id);

        var c = r.Customer!;
        var facts = new OrderFacts(
            r.ExternalId!.Trim(), r.Number!.Trim(), new CustomerFacts(c.ExternalId, c.Email, c.Phone, c.Name),
            r.PlacedAt!.Value.UtcDateTime, r.Total!.Value, r.Currency!, r.Status!,
            r.FulfilledAt?.UtcDateTime, r.DeliveredAt?.UtcDateTime,
            (r.Lines ?? []).Select(l => new OrderLine(l.Sku, l.Name!, l.Quantity, l.Price)).ToList())
        {
            // Without a list the store said nothing about tracking; with one, it is the whole of it.
            Tracking = r.Tracking is null ? null : TrackingUpdate.Replace(r.Tracking
                .Select(t => ShipmentTracking.Entry(t.Company, t.Number, t.Url)).OfType<OrderTracking>().ToList()),
        };
        return (await mediator.Send(new RecordOrder(channel.Id, facts), ct))!;
    }
}
