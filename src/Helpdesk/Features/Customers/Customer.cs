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

    /// <summary>The customer asked for no more satisfaction surveys.</summary>
    public DateTime? SurveysUnsubscribedAt { get; set; }
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

public static class CustomerNames
{
    /// <summary>What a customer is called until they tell us their name.</summary>
    public const string Visitor = "Visitor";
    public const string Unknown = "Customer";

    /// <summary>The name to address the customer by; null when all we have is a stand-in, an address or a number.</summary>
    public static string? Real(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed is Visitor or Unknown || trimmed.Contains('@')
            || trimmed.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')')) return null;
        return trimmed;
    }

    public static string? First(string? name) => Real(name)?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
}
