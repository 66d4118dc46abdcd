using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Verification;

/// <summary>
/// An email a shopper typed in the widget is a claim: if a customer has proven that address (by
/// orders, a mail, a code), the visitor's unproven conversations are filed under that customer, for
/// priority and for what agents see, marked as not verified. Nothing is merged, no identity is
/// added, and the shopper is shown nothing of that customer. An address that is nobody's, or the
/// visitor's own, links nothing; the work done is the same either way.
/// </summary>
public static class ClaimEmail
{
    /// <summary>Applies the claim and returns the conversations that moved, to announce after the commit.</summary>
    public static async Task<List<long>> ApplyAsync(
        HelpdeskDbContext db, PriorityPolicy priority, Visitor visitor, string? email, CancellationToken ct)
    {
        // A proven visitor is who they proved to be, whatever they type.
        if (visitor.VerifiedAt is not null || string.IsNullOrWhiteSpace(email)) return [];
        var address = VerificationCode.Normalize(email);
        var owner = await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.Kind == IdentityKinds.Email && i.Value == address).Select(i => (long?)i.CustomerId).FirstOrDefaultAsync(ct);
        var claimed = owner == visitor.CustomerId ? null : owner;
        if (claimed == visitor.ClaimedCustomerId) return [];
        visitor.ClaimedCustomerId = claimed;
        await db.SaveChangesAsync(ct);
        return await RefileAsync(db, priority, visitor.Id, claimed ?? visitor.CustomerId, verified: false, ct);
    }

    /// <summary>Files the visitor's conversations (unproven ones, or all when <paramref name="verified"/>) under the customer, re-prioritised.</summary>
    public static async Task<List<long>> RefileAsync(
        HelpdeskDbContext db, PriorityPolicy priority, long visitorId, long customerId, bool verified, CancellationToken ct)
    {
        var moved = await db.Conversations
            .Where(c => c.VisitorId == visitorId && (verified || !c.CustomerVerified) && (verified || c.Status != ConversationStatuses.Resolved))
            .Select(c => c.Id).ToListAsync(ct);
        if (moved.Count == 0) return [];
        await db.Conversations.Where(c => moved.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CustomerId, customerId).SetProperty(c => c.CustomerVerified, verified), ct);
        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == customerId, ct);
        var retiered = await ReprioritizeCustomer.ApplyAsync(db, priority, customer);
        return moved.Union(retiered).ToList();
    }
}
