namespace Helpdesk.Features.Chat;

/// <summary>A shopper's browser on a storefront; the visitor token names it.</summary>
public sealed class Visitor
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public long CustomerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>The network address it last started a session from (see ClientAddress), for per-address limits.</summary>
    public string? Address { get; set; }
    /// <summary>When its session ended (the storefront signed the customer out, or it was revoked); its token is refused since.</summary>
    public DateTime? RevokedAt { get; set; }
}
