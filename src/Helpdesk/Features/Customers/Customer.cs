namespace Helpdesk.Features.Customers;

public sealed class Customer
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>An address the customer gave us; unverified unless an identity says otherwise.</summary>
    public string? Email { get; set; }
    public string? Locale { get; set; }
    public string? TimeZone { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<CustomerIdentity> Identities { get; set; } = [];

    // The order history in brief, kept up to date whenever one of the customer's orders changes.
    public string Tier { get; set; } = Conversations.Tiers.New;
    public int OrderCount { get; set; }
    public decimal LifetimeValue { get; set; }
    public string? Currency { get; set; }
    public DateTime? LastOrderAt { get; set; }
}

public sealed class CustomerIdentity
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public required string Kind { get; set; }
    public required string Value { get; set; }
}

public static class IdentityKinds
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string StoreCustomerId = "store-customer-id";
    public const string WidgetVerifiedId = "widget-verified-id";
    public const string MessengerPsid = "messenger-psid";
    public const string MarketplaceBuyerId = "marketplace-buyer-id";
}
