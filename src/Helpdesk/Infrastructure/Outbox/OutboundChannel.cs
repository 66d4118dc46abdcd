using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Infrastructure.Outbox;

/// <summary>Sends one message out through one kind of channel (mail, Messenger, a marketplace).</summary>
public interface IOutboundChannel
{
    string Kind { get; }

    /// <summary>
    /// Delivers the message and returns the provider's id for it, if it gives one. Throws
    /// <see cref="DeliveryException"/> when the remote refused or could not be reached.
    /// </summary>
    Task<string?> SendAsync(Outgoing outgoing, CancellationToken ct);
}

/// <param name="Attempt">1 for the first try.</param>
public sealed record Outgoing(Message Message, Conversation Conversation, Channel Channel, int Attempt, HelpdeskDbContext Db);

/// <summary>A delivery that did not happen; a permanent one is not retried (the remote said no for good).</summary>
public sealed class DeliveryException(string reason, bool permanent = false, Exception? inner = null) : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>Wakes the delivery loop when there is something new to send.</summary>
public sealed class OutboxSignal : WakeSignal;
