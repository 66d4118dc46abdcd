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
/// visitor's own, links nothing; the statements run are the same either way, so the answer's
/// timing does not tell whether an address is a customer's.
/// </summary>
public static class ClaimEmail
{
    /// <summary>Notes whom the typed address claims on the visitor, to be saved with the caller's changes to it; false when nothing was claimed.</summary>
    public static async Task<bool> ClaimAsync(HelpdeskDbContext db, Visitor visitor, string? email, CancellationToken ct)
    {
        // A proven visitor is who they proved to be, whatever they type.
        if (visitor.VerifiedAt is not null || string.IsNullOrWhiteSpace(email)) return false;
        var address = VerificationCode.Normalize(email);
        var owner = await db.CustomerIdentities.AsNoTracking()
            .Where(i => i.Kind == IdentityKinds.Email && i.Value == address).Select(i => (long?)i.CustomerId).FirstOrDefaultAsync(ct);
        visitor.ClaimedCustomerId = owner == visitor.CustomerId ? null : owner;
        return true;
    }

    /// <summary>
    /// Files the visitor's conversations under the customer, re-prioritised: the unresolved unproven
    /// ones under a claim, all of them once <paramref name="verified"/>. Returns what changed, to publish after the commit.
    /// </summary>
    public static async Task<List<ConversationChanged>> RefileAsync(
        HelpdeskDbContext db, ConversationLifecycle lifecycle, long visitorId, long customerId, bool verified, DateTime now,
        CancellationToken ct)
    {
        var moved = await db.Conversations
            .Where(c => c.VisitorId == visitorId && (verified || (!c.CustomerVerified && c.Status != ConversationStatuses.Resolved)))
            .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { Conversation = c, ch.Kind })
            .ToListAsync(ct);
        if (moved.Count == 0) return [];
        var facts = PriorityFacts.Of(await db.Customers.AsNoTracking().FirstAsync(c => c.Id == customerId, ct));
        var changes = new List<ConversationChanged>();
        foreach (var (c, kind) in moved.Select(x => (x.Conversation, x.Kind)))
        {
            c.CustomerVerified = verified;
            changes.Add(new ConversationChanged(c.Id, lifecycle.Apply(c, kind, new Transition.Merge(now, customerId, facts))));
        }
        await db.SaveChangesAsync(ct);
        return changes;
    }
}
