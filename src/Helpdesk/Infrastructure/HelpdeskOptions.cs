using System.ComponentModel.DataAnnotations;

namespace Helpdesk.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    /// <summary>Widget sessions one network address may open per minute.</summary>
    [Range(1, 1_000_000)] public int WidgetSessionsPerMinute { get; set; } = 30;
    /// <summary>Messages one visitor may send per minute (a burst of this size, refilled evenly).</summary>
    [Range(1, 1_000_000)] public int VisitorMessagesPerMinute { get; set; } = 40;
    /// <summary>Typing signals one visitor or agent may send per minute; the widget sends one every two seconds at most.</summary>
    [Range(1, 1_000_000)] public int TypingPerMinute { get; set; } = 40;
    /// <summary>Any other hub call (reads, marks, contact, presence) one visitor or agent may make per minute.</summary>
    [Range(1, 1_000_000)] public int HubCallsPerMinute { get; set; } = 120;
    /// <summary>Hub connections and calls of all kinds from one network address per minute (an office behind one address included).</summary>
    [Range(1, 10_000_000)] public int HubCallsPerAddressPerMinute { get; set; } = 1200;
    /// <summary>Webhook and order API requests one address may send per minute: senders are few and busy.</summary>
    [Range(1, 10_000_000)] public int WebhooksPerMinute { get; set; } = 6000;
    /// <summary>Requests to the pages and APIs opened by a link (surveys) one address may make per minute.</summary>
    [Range(1, 1_000_000)] public int PublicPerMinute { get; set; } = 120;
    /// <summary>Live chats from one address offered to agents automatically at once; the rest wait in the queue.</summary>
    [Range(1, 1_000_000)] public int OffersPerAddress { get; set; } = 2;
    /// <summary>Sign-in attempts one network address may make per minute, whatever the account.</summary>
    [Range(1, 1_000_000)] public int SignInsPerMinute { get; set; } = 20;
    /// <summary>Failed sign-ins to one account from one address before each further attempt must wait.</summary>
    [Range(1, 100)] public int SignInFreeFailures { get; set; } = 3;
    /// <summary>The longest wait between attempts to one account from one address; it doubles up to this.</summary>
    [Range(1, 24 * 3600)] public int SignInMaxDelaySeconds { get; set; } = 300;
    /// <summary>Failed sign-ins from one address, whatever the accounts, that block it for a while.</summary>
    [Range(1, 100_000)] public int SignInAddressFailures { get; set; } = 20;
    [Range(1, 24 * 60)] public int SignInAddressBlockMinutes { get; set; } = 15;
    /// <summary>The failures remembered at most (memory of one node); the oldest are forgotten first.</summary>
    [Range(100, 10_000_000)] public int SignInTrackedEntries { get; set; } = 100_000;
}

/// <summary>
/// The reverse proxies whose X-Forwarded-For is believed. From anyone else the header is ignored,
/// so that a client cannot choose the address its limits are counted under.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";
    /// <summary>Proxy addresses, such as 10.0.0.1.</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Proxy networks in CIDR notation, such as 10.0.0.0/8.</summary>
    public string[] KnownNetworks { get; set; } = [];
    /// <summary>How many proxies in a row may each add an address (a CDN in front of a load balancer: 2).</summary>
    [Range(1, 10)] public int ForwardLimit { get; set; } = 1;
}

/// <summary>
/// Where the inbox may be opened from. Its own address always counts; list others (scheme, host and port,
/// such as https://support.shop.example) when a proxy serves it under another name than the one it sees.
/// </summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";
    public string[] AllowedOrigins { get; set; } = [];
}

public sealed class SeedOptions
{
    public const string Section = "Seed";
    /// <summary>Whether an empty database gets the demo shop; unset, only in Development.</summary>
    public bool? Demo { get; set; }
    [Required, EmailAddress] public string AdminEmail { get; set; } = "admin@example.com";
    [MinLength(Features.Agents.AgentPasswords.MinimumLength), MaxLength(Features.Agents.AgentPasswords.MaximumLength)]
    public string? AdminPassword { get; set; }
    /// <summary>The demo storefront's widget key, so the demo page can embed it.</summary>
    [Required] public string DemoPublicKey { get; set; } = "demo-storefront";
}

public sealed class WidgetOptions
{
    public const string Section = "Widget";
    [Range(1, 3650)] public int VisitorTokenDays { get; set; } = 30;
}

/// <summary>How order history makes a tier: paid orders not cancelled or refunded.</summary>
public sealed class TierOptions
{
    public const string Section = "Tiers";
    [Range(1, 1000)] public int ReturningOrders { get; set; } = 2;
    [Range(1, 1000)] public int VipOrders { get; set; } = 5;
    /// <summary>Lifetime spend that makes a VIP whatever the order count, in the customer's currency.</summary>
    [Range(typeof(decimal), "0", "100000000")] public decimal VipLifetimeValue { get; set; } = 1000m;
}

public sealed class CustomerOptions
{
    public const string Section = "Customers";
    /// <summary>Region for phone numbers written without a country code (ISO 3166 alpha-2).</summary>
    [Required, RegularExpression("^[A-Z]{2}$")] public string DefaultPhoneRegion { get; set; } = "DK";
}

/// <summary>Response targets in minutes per tier; chat for live channels, async for the rest.</summary>
public sealed class PriorityOptions
{
    public const string Section = "Priority";
    public ResponseTargets Chat { get; set; } = new() { Vip = 2, Returning = 5, FirstTime = 10, New = 15 };
    public ResponseTargets Async { get; set; } = new() { Vip = 120, Returning = 240, FirstTime = 480, New = 720 };
    /// <summary>Marketplaces demand an answer within a day, whatever the tier.</summary>
    [Range(1, 60 * 24 * 30)] public int MarketplaceCapMinutes { get; set; } = 24 * 60;
}

public sealed class ResponseTargets
{
    public int Vip { get; set; }
    public int Returning { get; set; }
    public int FirstTime { get; set; }
    public int New { get; set; }
}

public sealed class StoreOptions
{
    public const string Section = "Store";
    /// <summary>The shop's name as customers know it, for {{store.name}} in canned responses.</summary>
    [Required, MaxLength(200)] public string Name { get; set; } = "";
    /// <summary>Where customers reach this helpdesk, for links sent to them (the survey page).</summary>
    [Required, Url] public string PublicUrl { get; set; } = "http://localhost:5080";
    /// <summary>The shop's time zone (IANA), whose calendar days and hours the reports count in.</summary>
    [Required] public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>How due surveys are picked up.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Surveys";
    /// <summary>How often the survey loop looks for due surveys (wall clock).</summary>
    [Range(10, 600_000)] public int PollMilliseconds { get; set; } = 5000;
    /// <summary>How long a survey waits before looking again while the customer has a conversation open.</summary>
    [Range(1, 7 * 24 * 60)] public int PostponeMinutes { get; set; } = 60;
    [Range(10, 3600)] public int LeaseSeconds { get; set; } = 120;
    /// <summary>Surveys one node invites at a time.</summary>
    [Range(1, 1000)] public int Batch { get; set; } = 50;
}

/// <summary>The writers' queues. A full queue refuses new work with "retry" rather than growing without end.</summary>
public sealed class WriteOptions
{
    public const string Section = "Writes";
    /// <summary>Writes that may wait for each writer (messages, other changes) on top of the batch being committed.</summary>
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 4000;
}

/// <summary>How the outbox delivers: how often it looks, how it backs off, when it gives up.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";
    /// <summary>How often the delivery loop looks for due messages when nothing wakes it (wall clock).</summary>
    [Range(10, 60_000)] public int PollMilliseconds { get; set; } = 1000;
    [Range(1, 100)] public int MaxAttempts { get; set; } = 8;
    /// <summary>The wait after the first failure; it doubles with each further failure.</summary>
    [Range(1, 86_400)] public int FirstRetrySeconds { get; set; } = 30;
    [Range(1, 86_400)] public int MaxRetrySeconds { get; set; } = 3600;
    /// <summary>How long a node's claim on a message holds; a node that dies loses its claims then.</summary>
    [Range(10, 3600)] public int LeaseSeconds { get; set; } = 120;
    /// <summary>Messages sent at the same time by one node.</summary>
    [Range(1, 64)] public int Parallelism { get; set; } = 8;
}

/// <summary>Outgoing mail: by SMTP when a host is set, otherwise as .eml files in the pickup directory.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";
    public string? Host { get; set; }
    [Range(1, 65535)] public int Port { get; set; } = 587;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public MailKit.Security.SecureSocketOptions Security { get; set; } = MailKit.Security.SecureSocketOptions.Auto;
    public string? Username { get; set; }
    public string? Password { get; set; }
    [Required] public string PickupDirectory { get; set; } = "data/outbox/mail";
}

/// <summary>Inbound mail limits.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";
    /// <summary>The largest raw message accepted; larger ones are refused (413).</summary>
    [Range(1024, 200 * 1024 * 1024)] public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;
    /// <summary>Larger attachments are listed with their name and size but not kept.</summary>
    [Range(0, 200 * 1024 * 1024)] public int MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    [Range(0, 1000)] public int MaxAttachments { get; set; } = 50;
    /// <summary>The relay's name in the Authentication-Results it adds; when set, a topmost header naming anyone else counts as none.</summary>
    public string? AuthServId { get; set; }
}

/// <summary>How a node stops: see <see cref="Web.GracefulShutdown"/>.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";
    /// <summary>How long, after the stop signal, readiness says 503 while the node still answers.</summary>
    [Range(0, 300)] public int DrainSeconds { get; set; }
    /// <summary>The most the whole stop may take (drain included) before what is left is abandoned.</summary>
    [Range(1, 3600)] public int TimeoutSeconds { get; set; } = 30;
}
