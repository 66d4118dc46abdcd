using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Features.Channels.Messenger;

/// <summary>
/// Replies through the Send API at the channel's <c>settings.graphApiBaseUrl</c>: a RESPONSE within
/// 24 hours of the customer's last message, with the HUMAN_AGENT tag up to 7 days, and not at all
/// after that. The page access token travels in the Authorization header, never in a logged URL.
/// </summary>
public sealed class SendMessengerMessage(IHttpClientFactory http, TimeProvider time) : IOutboundChannel
{
    public string Kind => ChannelKinds.Messenger;

    public async Task<string?> SendAsync(Outgoing o, CancellationToken ct)
    {
        var settings = ChannelSettings.Read<MessengerSettings>(o.Channel.SettingsJson);
        var baseUrl = settings.GraphApiBaseUrl ?? MessengerSettings.DefaultGraphApiBaseUrl;
        var token = settings.PageAccessToken
            ?? throw new DeliveryException("The Messenger channel has no page access token (settings.pageAccessToken).", permanent: true);
        var psid = o.Conversation.ContactAddress ?? throw new DeliveryException("The conversation has no Messenger recipient.", permanent: true);

        var lastCustomerMessageAt = await o.Db.Messages
            .Where(m => m.ConversationId == o.Conversation.Id && m.Sender == Senders.Customer)
            .MaxAsync(m => (DateTime?)m.CreatedAt, ct);
        var type = lastCustomerMessageAt is { } last ? ReplyLimits.MessengerSendType(last, time.GetUtcNow().UtcDateTime) : null;
        if (type is null) throw new DeliveryException(ReplyLimits.MessengerClosed, permanent: true);
        var (messagingType, tag) = type.Value;

        var payload = new JsonObject
        {
            ["recipient"] = new JsonObject { ["id"] = psid },
            ["messaging_type"] = messagingType,
            ["message"] = new JsonObject { ["text"] = o.Message.Body },
        };
        if (tag is not null) payload["tag"] = tag;
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl.TrimEnd('/') + "/me/messages")
        {
            Content = JsonContent.Create(payload),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await OutboundHttp.SendAsync(http.CreateClient(OutboundHttp.ClientName), request, "Messenger", ct);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return answer?["message_id"]?.GetValue<string>();
    }
}
