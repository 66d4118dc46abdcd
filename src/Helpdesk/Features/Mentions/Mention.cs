namespace Helpdesk.Features.Mentions;

/// <summary>An agent named in a colleague's private note: kept until they have read it, so one who was away still finds it.</summary>
public sealed class Mention
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public long ConversationId { get; set; }
    /// <summary>The agent mentioned.</summary>
    public long AgentId { get; set; }
    /// <summary>The agent who wrote the note.</summary>
    public long ByAgentId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    /// <summary>What the mentioned agent is shown of the note before opening it.</summary>
    public static string PreviewOf(string body) => body.Length <= 140 ? body : body[..140];
}

/// <summary>The wire shape of a mention, for the list and the live event alike.</summary>
public sealed record MentionDto(
    long Id, long ConversationId, long MessageId, Chat.ViewerDto By, string Preview, DateTime CreatedAt, DateTime? ReadAt);
