namespace Helpdesk.Infrastructure.Outbox;

/// <summary>
/// A message that must leave the helpdesk (mail, Messenger, a marketplace). It is written in the
/// same transaction as the message itself, so nothing acknowledged to an agent is ever lost, and
/// <see cref="OutboxDelivery"/> delivers it.
/// </summary>
public sealed class OutboxItem
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public long ConversationId { get; set; }
    public long ChannelId { get; set; }
    public string Status { get; set; } = DeliveryStatuses.Queued;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>The node sending it, and until when its claim holds; a node that died loses it then.</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class DeliveryStatuses
{
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}
