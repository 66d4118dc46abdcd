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
    /// <summary>The page the shopper last opened the chat on (an http(s) address), for agents; see ShopperContext.</summary>
    public string? PageUrl { get; set; }
    public string? PageTitle { get; set; }
    /// <summary>The page that brought the shopper to it, when the browser tells (an http(s) address).</summary>
    public string? Referrer { get; set; }
    public string? Browser { get; set; }
    public string? OperatingSystem { get; set; }
    /// <summary>Phone, tablet or desktop (<see cref="DeviceKinds"/>).</summary>
    public string? DeviceKind { get; set; }
    /// <summary>When the browser last told us where the shopper is.</summary>
    public DateTime? ContextUpdatedAt { get; set; }

    /// <summary>When its session ended (the storefront signed the customer out, or it was revoked); its token is refused since.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>
    /// When the shopper proved who they are (a signed store login, or a one-time code sent to their
    /// email); only then are they shown their own data.
    /// </summary>
    public DateTime? VerifiedAt { get; set; }
    /// <summary>How they proved it (<see cref="VerificationMethods"/>): a store login lasts only while the storefront vouches for it.</summary>
    public string? VerifiedBy { get; set; }
    /// <summary>
    /// The customer who owns the email address the shopper typed, if that is someone else: a claim,
    /// used for priority and for what agents see, never shown to the shopper.
    /// </summary>
    public long? ClaimedCustomerId { get; set; }
    /// <summary>Wrong one-time codes since the last lock or success.</summary>
    public int VerificationFailures { get; set; }
    /// <summary>After too many wrong codes no code is accepted until then, not even the right one.</summary>
    public DateTime? VerificationLockedUntil { get; set; }
}

public static class VerificationMethods
{
    /// <summary>The storefront signed the customer's id (see StartWidgetSession).</summary>
    public const string StoreLogin = "store-login";
    /// <summary>The shopper entered a one-time code mailed to their address.</summary>
    public const string EmailCode = "email-code";
}
