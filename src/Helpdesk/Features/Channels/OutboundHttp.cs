using System.Net;
using System.Text.Json;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Features.Channels;

/// <summary>What the HTTP-based channels (Messenger's Send API, marketplaces) share when a remote answers.</summary>
public static class OutboundHttp
{
    public const string ClientName = "outbound";

    /// <summary>Sends, and turns every way it can fail into a <see cref="DeliveryException"/> an agent can read.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string remote, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"{remote} could not be reached: {e.Message}", inner: e);
        }
        if (response.IsSuccessStatusCode) return response;

        var detail = await ErrorDetailAsync(response, ct);
        var status = (int)response.StatusCode;
        // A client error other than a timeout or rate limit is the remote's final word; the rest may pass.
        var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        response.Dispose();
        throw new DeliveryException($"{remote} answered {status} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}", permanent);
    }

    /// <summary>The remote's own explanation: Graph API's error.message, a ProblemDetails title, or the start of the text.</summary>
    private static async Task<string?> ErrorDetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("message", out var message)) return message.GetString();
                foreach (var name in new[] { "detail", "title", "message", "error" })
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself says it.
        }
        return text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
    }
}
