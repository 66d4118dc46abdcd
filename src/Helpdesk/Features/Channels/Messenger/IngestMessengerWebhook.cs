using System.Text.Json;
using System.Text.Json.Serialization;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Microsoft.AspNetCore.StaticFiles;

namespace Helpdesk.Features.Channels.Messenger;

/// <summary>
/// Messenger Platform webhook events for the shop's page: verify X-Hub-Signature-256 over the raw
/// body, read every event before storing any (a malformed batch stores nothing), keep customers'
/// text and attachments, ignore echoes of the page's own messages, deliveries and reads.
/// </summary>
public sealed record IngestMessengerWebhook(long ChannelId, string? Signature, byte[] Body) : IRequest<MessengerReceipt>, IEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/webhooks/messenger/{channelId:long}", async (long channelId, HttpRequest request, IMediator m) =>
            {
                var body = await RawBody.ReadAsync(request, MaxBodyBytes);
                return Results.Ok(await m.Send(new IngestMessengerWebhook(channelId, request.Headers["X-Hub-Signature-256"], body),
                    request.HttpContext.RequestAborted));
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks).DisableAntiforgery().WithTags("Channels").Produces<MessengerReceipt>();
}

public sealed record MessengerReceipt(int Stored, int Duplicates, int Ignored);

public sealed class IngestMessengerWebhookHandler(HelpdeskDbContext db, IMediator mediator, ChannelHealth health)
    : IRequestHandler<IngestMessengerWebhook, MessengerReceipt>
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<MessengerReceipt> Handle(IngestMessengerWebhook r, CancellationToken ct)
    {
        var secret = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Messenger).Select(c => new { c.Secret })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        if (!Signatures.Sha256HeaderMatches(secret.Secret, r.Body, r.Signature))
        {
            health.Rejected(r.ChannelId, RejectionReasons.Signature);
            throw new UnauthorizedException("The webhook signature is not valid.");
        }
        health.Received(r.ChannelId);

        var (messages, ignored) = Read(WebhookJson.Parse<Webhook>(r.Body, Json), r.ChannelId);
        int stored = 0, duplicates = 0;
        foreach (var message in messages)
        {
            var result = await mediator.Send(new IngestInboundMessage(message), ct);
            if (result.Duplicate) duplicates++;
            else stored++;
        }
        return new MessengerReceipt(stored, duplicates, ignored);
    }

    /// <summary>The customers' messages in the batch, all checked before any is stored; the rest counted as ignored.</summary>
    private static (List<InboundMessage> Messages, int Ignored) Read(Webhook webhook, long channelId)
    {
        if (webhook.Object != "page") throw Invalid("object", "'object' must be \"page\" for a Messenger webhook.");
        var messages = new List<InboundMessage>();
        var ignored = 0;
        foreach (var (entry, e) in (webhook.Entry ?? []).Select((entry, e) => (entry, e)))
        foreach (var (ev, i) in (entry?.Messaging ?? []).Select((ev, i) => (ev, i)))
        {
            var at = $"entry[{e}].messaging[{i}]";
            // Echoes of the page's own sends, delivery and read receipts, postbacks: nothing for the queue.
            if (ev?.Message is not { IsEcho: not true } m)
            {
                ignored++;
                continue;
            }
            if (ev.Sender?.Id is not { Length: > 0 and <= 64 } psid) throw Invalid($"{at}.sender.id", "'sender.id' is required.");
            if (m.Mid is not { Length: > 0 and <= 500 } mid) throw Invalid($"{at}.message.mid", "'message.mid' is required.");
            var text = m.Text?.Trim() ?? "";
            if (text.Length > InboundLimits.MaxTextChars)
                throw Invalid($"{at}.message.text", $"'message.text' must be at most {InboundLimits.MaxTextChars} characters.");
            var attachments = new List<Attachment>();
            foreach (var (a, k) in (m.Attachments ?? []).Select((a, k) => (a, k)))
            {
                var url = a?.Payload?.Url;
                if (url is null) continue; // a location or template carries no file
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                    throw Invalid($"{at}.message.attachments[{k}].payload.url", "'payload.url' must be an http(s) address.");
                var name = Uri.UnescapeDataString(uri.Segments.LastOrDefault()?.Trim('/') ?? "");
                attachments.Add(new Attachment
                {
                    FileName = name.Length is > 0 and <= 200 ? name : a!.Type ?? "file",
                    ContentType = ContentTypes.TryGetContentType(name, out var type) ? type : $"{a!.Type ?? "application"}/*",
                    Url = url,
                });
            }
            if (text.Length == 0 && attachments.Count == 0)
            {
                ignored++;
                continue;
            }
            messages.Add(new InboundMessage
            {
                ChannelId = channelId,
                ProviderMessageId = mid,
                ThreadId = psid,
                Customer = new CustomerFacts { MessengerPsid = psid },
                ContactAddress = psid,
                Subject = "Messenger",
                Body = text,
                Attachments = attachments,
            });
        }
        return (messages, ignored);
    }

    private static ValidationException Invalid(string field, string message) => WebhookJson.Invalid(field, message);

    // The Messenger Platform's webhook event, as much of it as the helpdesk uses.
    private sealed record Webhook(string? Object, List<Entry?>? Entry);
    private sealed record Entry(string? Id, long? Time, List<Event?>? Messaging);
    private sealed record Event(Party? Sender, Party? Recipient, long? Timestamp, EventMessage? Message);
    private sealed record Party(string? Id);
    private sealed record EventMessage(string? Mid, string? Text, bool? IsEcho, List<EventAttachment?>? Attachments);
    private sealed record EventAttachment(string? Type, AttachmentPayload? Payload);
    private sealed record AttachmentPayload(string? Url);
}
