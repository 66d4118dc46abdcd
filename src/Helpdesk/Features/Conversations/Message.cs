namespace Helpdesk.Features.Conversations;

public sealed class Message
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public required string Sender { get; set; }
    public long? AgentId { get; set; }
    public string? AuthorName { get; set; }
    public required string Body { get; set; }
    public bool IsPrivate { get; set; }
    /// <summary>The sender's idempotency key, unique per conversation and sender.</summary>
    public string? ClientMessageId { get; set; }
    /// <summary>The provider's id (mail Message-ID, Messenger mid), unique per channel.</summary>
    public string? ProviderMessageId { get; set; }
    public long ChannelId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The earlier thread a customer's mail quoted, folded away from the body and kept for the agent.</summary>
    public string? Quoted { get; set; }
    /// <summary>A mail's Reply-To other than its sender: shown to the agent, never replied to.</summary>
    public string? ReplyTo { get; set; }
    /// <summary>Whether the mail relay proved a mail's sender (proven, unproven, unchecked); null for other channels.</summary>
    public string? SenderProof { get; set; }
    /// <summary>The customer's own order a shopper asked about from the widget's order list.</summary>
    public string? OrderNumber { get; set; }
    public List<Attachment> Attachments { get; set; } = [];
}

public static class Senders
{
    public const string Customer = "customer";
    public const string Agent = "agent";
    public const string Auto = "auto";
    public const string System = "system";
}

/// <summary>The wire shape of a message, shared by the hubs and the REST API.</summary>
public sealed record MessageDto(
    long Id, long ConversationId, string? ClientMessageId, string Sender, string? AuthorName,
    string Body, DateTime CreatedAt, bool IsPrivate)
{
    public string? Quoted { get; init; }
    public string? ReplyTo { get; init; }
    public string? SenderProof { get; init; }
    public string? OrderNumber { get; init; }
    public AttachmentDto[]? Attachments { get; init; }
    /// <summary>How far a message leaving by mail, Messenger or a marketplace has got; null for the rest.</summary>
    public DeliveryDto? Delivery { get; init; }

    public static MessageDto From(Message m, DeliveryDto? delivery = null) =>
        new(m.Id, m.ConversationId, m.ClientMessageId, m.Sender, m.AuthorName, m.Body, m.CreatedAt, m.IsPrivate)
        {
            Quoted = m.Quoted,
            ReplyTo = m.ReplyTo,
            SenderProof = m.SenderProof,
            OrderNumber = m.OrderNumber,
            Attachments = m.Attachments.Count == 0 ? null : m.Attachments.Select(AttachmentDto.From).ToArray(),
            Delivery = delivery,
        };
}

public sealed record DeliveryDto(string Status, string? Error, int Attempts, DateTime? NextAttemptAt);
