using Helpdesk.Infrastructure.Text;
namespace Helpdesk.Features.Customers;

/// <summary>What an order or an inbound message says about who sent it.</summary>
public sealed record CustomerFacts(
    string? StoreCustomerId = null, string? Email = null, string? Phone = null, string? Name = null, string? Locale = null)
{
    /// <summary>The sender's page-scoped id on the shop's Facebook page.</summary>
    public string? MessengerPsid { get; init; }
    /// <summary>A marketplace buyer, as "marketplace:buyer id" (buyer ids are unique within one marketplace only).</summary>
    public string? MarketplaceBuyerId { get; init; }
}

/// <summary>
/// Finds the customer that facts point to, strongest identity first (store customer id, Messenger
/// and marketplace ids, then email, then phone), or the <c>fallback</c> customer (the one an order
/// names), or creates one; then records the identities not yet known. An identity
/// that already belongs to someone else stays theirs, and a customer with another store account
/// is someone else: merging is an agent's decision.
/// </summary>
public sealed class CustomerResolver(PhoneNumbers phones, TimeProvider time)
{
    /// <param name="claimOnly">The facts are only claimed (a mail its relay could not prove): they find a customer but add no identity.</param>
    public async Task<Customer> ResolveAsync(
        HelpdeskDbContext db, CustomerFacts facts, CancellationToken ct = default, long? fallback = null, bool claimOnly = false)
    {
        var keys = Keys(facts);
        var known = new List<CustomerIdentity>();
        // One indexed lookup per identity, on (Kind, Value).
        foreach (var (kinds, value) in keys)
        {
            var (kind, alias) = (kinds[0], kinds[^1]);
            known.AddRange(await db.CustomerIdentities.AsNoTracking()
                .Where(i => (i.Kind == kind || i.Kind == alias) && i.Value == value).ToListAsync(ct));
        }

        long? customerId = null;
        var byStoreAccount = false;
        foreach (var key in keys)
        {
            customerId = known.FirstOrDefault(i => key.Kinds.Contains(i.Kind) && i.Value == key.Value)?.CustomerId;
            byStoreAccount = key.Kinds.Contains(IdentityKinds.StoreCustomerId);
            if (customerId is not null) break;
        }
        // A shared email or phone does not make two store accounts one person.
        if (customerId is { } matched && !byStoreAccount && facts.StoreCustomerId is { Length: > 0 } storeId
            && await db.CustomerIdentities.AnyAsync(i => i.CustomerId == matched && i.Kind == IdentityKinds.StoreCustomerId && i.Value != storeId.Trim(), ct))
            customerId = null;
        customerId ??= fallback;

        var customer = customerId is { } id
            ? await db.Customers.FindAsync([id], ct) ?? throw new NotFoundException("Customer")
            : db.Customers.Add(new Customer
            {
                Name = SafeText.Name(facts.Name) is { Length: > 0 } name ? name : facts.Email ?? facts.Phone ?? CustomerNames.Unknown,
                Locale = facts.Locale,
                CreatedAt = time.GetUtcNow().UtcDateTime,
            }).Entity;

        // Whatever identity is not known anywhere yet becomes this customer's, unless it is only claimed.
        foreach (var key in keys.Where(k => !claimOnly && !known.Any(i => k.Kinds.Contains(i.Kind) && i.Value == k.Value)))
        {
            var identity = new CustomerIdentity { Kind = key.Kinds[0], Value = key.Value, CustomerId = customer.Id };
            if (customer.Id == 0) customer.Identities.Add(identity);
            else db.CustomerIdentities.Add(identity);
        }
        if (customer.Email is null && facts.Email is not null) customer.Email = facts.Email.Trim();
        if (SafeText.Name(facts.Name) is { Length: > 0 } given && customer.Name is CustomerNames.Unknown or CustomerNames.Visitor) customer.Name = given;
        customer.Locale ??= facts.Locale;
        return customer;
    }

    /// <summary>The identities in the facts, strongest first; a store's customer id and a widget-verified id are the same id.</summary>
    private List<(string[] Kinds, string Value)> Keys(CustomerFacts facts)
    {
        var keys = new List<(string[] Kinds, string Value)>();
        if (facts.StoreCustomerId?.Trim() is { Length: > 0 } storeId)
            keys.Add(([IdentityKinds.StoreCustomerId, IdentityKinds.WidgetVerifiedId], storeId));
        if (facts.MessengerPsid?.Trim() is { Length: > 0 } psid)
            keys.Add(([IdentityKinds.MessengerPsid], psid));
        if (facts.MarketplaceBuyerId?.Trim() is { Length: > 0 } buyer)
            keys.Add(([IdentityKinds.MarketplaceBuyerId], buyer));
        if (facts.Email?.Trim().ToLowerInvariant() is { Length: > 0 } email)
            keys.Add(([IdentityKinds.Email], email));
        if (phones.Normalize(facts.Phone) is { } phone)
            keys.Add(([IdentityKinds.Phone], phone));
        return keys;
    }
}
