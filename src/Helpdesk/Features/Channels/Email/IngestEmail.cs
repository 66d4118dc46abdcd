using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Inbound mail as a raw RFC 5322 message, signed by whatever receives the shop's mail: verify the
/// signature over the exact bytes, parse, and hand it to the one intake.
/// </summary>
public sealed record IngestEmail(long ChannelId, string? Signature, byte[] Body) : IRequest<IngestedMessage>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/email/{channelId:long}", async (long channelId, HttpRequest request, IOptions<MailOptions> limits, IMediator m) =>
            {
                var body = await RawBody.ReadAsync(request, limits.Value.MaxMessageBytes);
                var ingested = await m.Send(new IngestEmail(channelId, request.Headers["X-Helpdesk-Signature"], body), request.HttpContext.RequestAborted);
                return Results.Ok(ingested);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks).DisableAntiforgery().WithTags("Channels")
            .Accepts<string>("message/rfc822").Produces<IngestedMessage>();
}

public sealed class IngestEmailHandler(HelpdeskDbContext db, IMediator mediator, IOptions<MailOptions> limits, ChannelHealth health)
    : IRequestHandler<IngestEmail, IngestedMessage>
{
    public async Task<IngestedMessage> Handle(IngestEmail r, CancellationToken ct)
    {
        var channel = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Email).Select(c => new { c.Secret, c.SettingsJson })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        if (!Signatures.Sha256HeaderMatches(channel.Secret, r.Body, r.Signature))
        {
            health.Rejected(r.ChannelId, RejectionReasons.Signature);
            throw new UnauthorizedException("The webhook signature is not valid.");
        }
        var mail = InboundMail.Parse(r.Body, limits.Value);
        var ownAddress = ChannelSettings.Read<EmailSettings>(channel.SettingsJson).Address;
        if (ownAddress is not null && mail.FromAddress.Equals(ownAddress, StringComparison.OrdinalIgnoreCase))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("from",
                "The message comes from the channel's own address; it is not a customer's.")]);

        var ingested = await mediator.Send(new IngestInboundMessage(new InboundMessage
        {
            ChannelId = r.ChannelId,
            ProviderMessageId = mail.MessageId,
            ThreadId = mail.MessageId,
            Answers = mail.Answers,
            ConversationTag = mail.ConversationTag,
            Customer = new CustomerFacts(Email: mail.FromAddress, Name: mail.FromName, Locale: mail.Locale),
            // Replies go to the address that wrote, never to a Reply-To the agent has not seen.
            ContactAddress = mail.FromAddress,
            ReplyTo = mail.ReplyTo,
            SenderProof = mail.Authentication,
            Subject = InboundMail.ConversationSubject(mail.Subject),
            Body = mail.Body,
            Quoted = mail.Quoted,
            Attachments = mail.Attachments,
            Automatic = mail.Automatic,
        }), ct);
        // Counted once stored: a refused mail changes nothing, its signature notwithstanding.
        health.Received(r.ChannelId);
        return ingested;
    }
}
