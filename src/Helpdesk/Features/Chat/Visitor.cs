namespace Helpdesk.Features.Chat;

/// <summary>A shopper's browser on a storefront; the visitor token names it.</summary>
public sealed class Visitor
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public long CustomerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}
