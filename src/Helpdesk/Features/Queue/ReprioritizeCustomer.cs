using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Queue;

/// <summary>
/// A change in a customer's history moves their waiting conversations at once: new tier and facts,
/// due time recomputed from when they started waiting, in the caller's transaction.
/// </summary>
public static class ReprioritizeCustomer
{
    /// <summary>Moves the customer's unresolved conversations; returns what changed, to publish after the commit.</summary>
    /// <param name="only">Just these of the customer's conversations (the ones just filed under them).</param>
    public static async Task<List<ConversationChanged>> ApplyAsync(
        HelpdeskDbContext db, ConversationLifecycle lifecycle, Customer customer, DateTime now, IReadOnlyCollection<long>? only = null)
    {
        var facts = PriorityFacts.Of(customer);
        var conversations = await db.Conversations
            .Where(c => c.CustomerId == customer.Id && c.Status != ConversationStatuses.Resolved && (only == null || only.Contains(c.Id)))
            .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { Conversation = c, ch.Kind })
            .ToListAsync();
        var changes = conversations
            .Select(x => new ConversationChanged(x.Conversation.Id,
                lifecycle.Apply(x.Conversation, x.Kind, new Transition.Prioritize(now, facts))))
            .ToList();
        await db.SaveChangesAsync();
        return changes;
    }
}
