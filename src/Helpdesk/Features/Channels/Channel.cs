namespace Helpdesk.Features.Channels;

public sealed class Channel
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>Verifies this channel's webhooks and widget identities. Never returned, never logged.</summary>
    public string? Secret { get; set; }
    /// <summary>Identifies a storefront channel's widget; public by design.</summary>
    public string? PublicKey { get; set; }
    /// <summary>The kind's settings as stored: read and written only through <see cref="ChannelSettings"/>.</summary>
    public string SettingsJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }

    // Health, for the admin setting a channel up: written by ChannelHealth and the outbox, never from request text.
    /// <summary>The last verified webhook or customer message.</summary>
    public DateTime? LastReceivedAt { get; set; }
    public DateTime? LastDeliveredAt { get; set; }
    public DateTime? LastDeliveryErrorAt { get; set; }
    /// <summary>Why the last delivery failed, shortened; the remote's words at most, which an admin configured.</summary>
    public string? LastDeliveryError { get; set; }
    /// <summary>The last webhook refused before it was read, and why as a <see cref="RejectionReasons"/> code: never the caller's text.</summary>
    public DateTime? LastRejectedAt { get; set; }
    public string? LastRejectedReason { get; set; }
}

public static class ChannelKinds
{
    public const string Storefront = "storefront";
    public const string Email = "email";
    public const string Messenger = "messenger";
    public const string Marketplace = "marketplace";
    public const string Shopify = "shopify";
    public static readonly string[] All = [Storefront, Email, Messenger, Marketplace, Shopify];

    public static bool IsLiveChat(string kind) => kind == Storefront;
}
