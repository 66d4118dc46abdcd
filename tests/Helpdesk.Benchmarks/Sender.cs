using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>The argument of SendMessage on both the helpdesk's widget hub and the echo hub.</summary>
public sealed record SendMessageInput(string ClientMessageId, string Body);

/// <summary>
/// One shopper's messages, shared by both phases of a run: the helpdesk stores a client message id once per
/// conversation, so a phase that started its ids over would be answered from duplicates, not new commits.
/// </summary>
public sealed class Sender(HubConnection connection, int index)
{
    // About the length of a real chat line; each shopper's differs so no layer can cache one reply.
    private readonly string _body =
        $"Hi, this is load shopper {index:D5}. Has my order shipped yet, and when will it arrive?".PadRight(80, '.')[..80];
    private long _sequence;

    public HubConnection Connection => connection;

    /// <summary>Sends one message; returns once the server has acknowledged it as stored. Safe to call concurrently.</summary>
    public async Task SendAsync(CancellationToken ct)
    {
        var ack = await connection.InvokeAsync<JsonElement>(
            "SendMessage", new SendMessageInput($"m{index}-{Interlocked.Increment(ref _sequence)}", _body), ct);
        if (ack.ValueKind != JsonValueKind.Object || !ack.TryGetProperty("id", out _))
            throw new InvalidDataException($"The ack is not a stored message: {ack}");
    }
}
