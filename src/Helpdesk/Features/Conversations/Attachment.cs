namespace Helpdesk.Features.Conversations;

/// <summary>A file that came with a customer's message: kept here, or linked where the provider keeps it.</summary>
public sealed class Attachment
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>Shown within the message's text (a pasted image), not attached beside it.</summary>
    public bool Inline { get; set; }
    /// <summary>The bytes; null when the file was too large to keep or lives at <see cref="Url"/>.</summary>
    public byte[]? Content { get; set; }
    /// <summary>Where the provider keeps the file (Messenger's CDN).</summary>
    public string? Url { get; set; }
}

public sealed record AttachmentDto(long Id, string FileName, string ContentType, long Size, string? Url, bool Inline, bool Omitted)
{
    public static AttachmentDto From(Attachment a) => new(a.Id, a.FileName, a.ContentType, a.Size,
        a.Url ?? (a.Content is null ? null : $"/api/attachments/{a.Id}"), a.Inline, a.Content is null && a.Url is null);
}
