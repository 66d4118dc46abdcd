using System.ComponentModel.DataAnnotations;

namespace Helpdesk.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";
    /// <summary>Widget sessions one network address may open per minute.</summary>
    [Range(1, 1_000_000)] public int WidgetSessionsPerMinute { get; set; } = 30;
    /// <summary>Messages one visitor may send per minute (a burst of this size, refilled evenly).</summary>
    [Range(1, 1_000_000)] public int VisitorMessagesPerMinute { get; set; } = 40;
    /// <summary>Sign-in attempts one network address may make per minute, whatever the account.</summary>
    [Range(1, 1_000_000)] public int SignInsPerMinute { get; set; } = 20;
    /// <summary>Failed sign-ins before an agent's account is locked.</summary>
    [Range(1, 100)] public int SignInAttempts { get; set; } = 5;
    [Range(1, 24 * 60)] public int LockoutMinutes { get; set; } = 15;
}

public sealed class SeedOptions
{
    public const string Section = "Seed";
    public bool Demo { get; set; } = true;
    [Required, EmailAddress] public string AdminEmail { get; set; } = "admin@example.com";
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
}
