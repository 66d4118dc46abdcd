using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Features.Channels.Marketplace;

/// <summary>
/// Replies to a marketplace buyer: POSTed to the channel's <c>settings.replyUrl</c>, signed like
/// the inbound webhook (X-Helpdesk-Signature over the exact body). The message id is ours and the
/// same on every attempt, so the relay can tell a resend from a new reply.
/// </summary>
public sealed class SendMarketplaceReply(IHttpClientFactory http) : IOutboundChannel
{
    public string Kind => ChannelKinds.Marketplace;

    public static string MessageIdFor(Message m) => $"helpdesk-{m.Id}";

    public async Task<string?> SendAsync(Outgoing o, CancellationToken ct)
    {
        var replyUrl = ChannelSettings.Read<MarketplaceSettings>(o.Channel.SettingsJson).ReplyUrl
            ?? throw new DeliveryException("The marketplace channel has no reply address (settings.replyUrl).", permanent: true);
        var secret = o.Channel.Secret
            ?? throw new DeliveryException("The marketplace channel has no secret to sign replies with.", permanent: true);
        var (marketplace, threadId) = Split(o.Conversation.ThreadId);
        var (_, buyerId) = Split(o.Conversation.ContactAddress);
        var lastBuyerMessage = await o.Db.Messages
            .Where(m => m.ConversationId == o.Conversation.Id && m.Sender == Senders.Customer && m.ProviderMessageId != null)
            .OrderByDescending(m => m.Id).Select(m => m.ProviderMessageId).FirstOrDefaultAsync(ct);

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            marketplace, threadId, buyerId,
            messageId = MessageIdFor(o.Message),
            inReplyTo = lastBuyerMessage is null ? null : Split(lastBuyerMessage).Value,
            body = o.Message.Body,
            sentAt = o.Message.CreatedAt,
        }, JsonSerializerOptions.Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, replyUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Helpdesk-Signature", Signatures.Sha256Header(secret, body));
        using var response = await OutboundHttp.SendAsync(http.CreateClient(OutboundHttp.ClientName), request, Label(marketplace), ct);
        var answer = response.Content.Headers.ContentLength is 0 ? null : await TryReadAsync(response, ct);
        return answer?["messageId"]?.GetValue<string>() is { Length: > 0 } remoteId ? $"{marketplace}:{remoteId}" : null;
    }

    private static async Task<JsonObject?> TryReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        }
        catch (JsonException)
        {
            return null; // delivered; the relay just had nothing to say
        }
    }

    /// <summary>"amazon:T-123" → (amazon, T-123).</summary>
    private static (string Marketplace, string Value) Split(string? prefixed)
    {
        var at = prefixed?.IndexOf(':') ?? -1;
        return at < 0 ? ("", prefixed ?? "") : (prefixed![..at], prefixed[(at + 1)..]);
    }

    /// <summary>"amazon" → "Amazon", for people to read.</summary>
    public static string Label(string marketplace) =>
        marketplace.Length == 0 ? "The marketplace" : char.ToUpperInvariant(marketplace[0]) + marketplace[1..];
}
