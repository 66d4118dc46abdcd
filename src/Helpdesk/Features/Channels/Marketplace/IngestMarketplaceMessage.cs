using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Channels.Marketplace;

/// <summary>
/// A buyer's message from a marketplace (Amazon, eBay, …) relayed as signed JSON. The buyer is
/// the customer their marketplace id names, else the customer of the order they write about, so
/// order history and priority apply; marketplaces' reply cap shapes the due time.
/// </summary>
public sealed record IngestMarketplaceMessage(long ChannelId, string? Signature, byte[] Body) : IRequest<IngestedMessage>, IEndpoint
{
    public const int MaxBodyBytes = 256 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/marketplace/{channelId:long}", async (long channelId, HttpRequest request, IMediator m) =>
            {
                var body = await RawBody.ReadAsync(request, MaxBodyBytes);
                return Results.Ok(await m.Send(new IngestMarketplaceMessage(channelId, request.Headers["X-Helpdesk-Signature"], body),
                    request.HttpContext.RequestAborted));
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks).DisableAntiforgery().WithTags("Channels").Produces<IngestedMessage>();
}

public sealed record MarketplaceBuyer(string? Id, string? Name, string? Email);

/// <summary>The webhook's body, as API.md gives it.</summary>
public sealed record MarketplaceMessage(
    string? Marketplace, string? MessageId, string? ThreadId, MarketplaceBuyer? Buyer, string? OrderExternalId,
    string? Subject, string? Body, DateTimeOffset? SentAt);

public sealed partial class MarketplaceMessageValidator : AbstractValidator<MarketplaceMessage>
{
    public MarketplaceMessageValidator()
    {
        RuleFor(m => m.Marketplace).NotEmpty().MaximumLength(50).Matches(Name()).OverridePropertyName("marketplace")
            .WithMessage("'marketplace' must be a short name such as amazon or ebay (letters, digits, '.', '-').");
        RuleFor(m => m.MessageId).NotEmpty().MaximumLength(200).OverridePropertyName("messageId");
        RuleFor(m => m.ThreadId).NotEmpty().MaximumLength(200).OverridePropertyName("threadId");
        RuleFor(m => m.Buyer).NotNull().OverridePropertyName("buyer");
        RuleFor(m => m.Buyer!.Id).NotEmpty().MaximumLength(200).OverridePropertyName("buyer.id").When(m => m.Buyer is not null);
        RuleFor(m => m.Buyer!.Name).MaximumLength(200).OverridePropertyName("buyer.name").When(m => m.Buyer is not null);
        RuleFor(m => m.Buyer!.Email).MaximumLength(320).EmailAddress().OverridePropertyName("buyer.email").When(m => m.Buyer?.Email is not null);
        RuleFor(m => m.OrderExternalId).MaximumLength(200).OverridePropertyName("orderExternalId");
        RuleFor(m => m.Subject).MaximumLength(300).OverridePropertyName("subject");
        RuleFor(m => m.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("'body' must not be empty.")
            .MaximumLength(InboundLimits.MaxTextChars).OverridePropertyName("body");
        RuleFor(m => m.SentAt).NotNull().OverridePropertyName("sentAt").WithMessage("'sentAt' is required (ISO-8601).");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]*$")]
    private static partial Regex Name();
}

public sealed class IngestMarketplaceMessageHandler(HelpdeskDbContext db, IMediator mediator, IValidator<MarketplaceMessage> validator, ChannelHealth health)
    : IRequestHandler<IngestMarketplaceMessage, IngestedMessage>
{
    public async Task<IngestedMessage> Handle(IngestMarketplaceMessage r, CancellationToken ct)
    {
        var secret = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Marketplace).Select(c => new { c.Secret })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        if (!Signatures.Sha256HeaderMatches(secret.Secret, r.Body, r.Signature))
        {
            health.Rejected(r.ChannelId, RejectionReasons.Signature);
            throw new UnauthorizedException("The webhook signature is not valid.");
        }
        var message = WebhookJson.Parse<MarketplaceMessage>(r.Body, JsonSerializerOptions.Web);
        await validator.ValidateAndThrowAsync(message, ct);

        var marketplace = message.Marketplace!.ToLowerInvariant();
        var buyer = $"{marketplace}:{message.Buyer!.Id!.Trim()}";
        var ingested = await mediator.Send(new IngestInboundMessage(new InboundMessage
        {
            ChannelId = r.ChannelId,
            ProviderMessageId = $"{marketplace}:{message.MessageId}",
            ThreadId = $"{marketplace}:{message.ThreadId}",
            Customer = new CustomerFacts(Email: message.Buyer.Email, Name: message.Buyer.Name) { MarketplaceBuyerId = buyer },
            OrderExternalId = message.OrderExternalId,
            ContactAddress = buyer,
            Subject = message.Subject?.Trim() is { Length: > 0 } subject ? subject : $"{SendMarketplaceReply.Label(marketplace)} message",
            Body = message.Body!.Trim(),
        }), ct);
        // Counted once stored: a refused message changes nothing, its signature notwithstanding.
        health.Received(r.ChannelId);
        return ingested;
    }
}
