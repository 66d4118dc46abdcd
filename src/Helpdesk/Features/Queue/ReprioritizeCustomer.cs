using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;

namespace Helpdesk.Features.Queue;

/// <summary>
/// A change in a customer's history moves their waiting conversations at once: new tier, new
/// reason, due time recomputed from when they started waiting.
/// </summary>
public static class ReprioritizeCustomer
{
    /// <summary>Updates the customer's unresolved conversations; returns their ids, to announce after the commit.</summary>
    /// <param name="only">Just these of the customer's conversations (the ones just filed under them).</param>
    public static async Task<List<long>> ApplyAsync(
        HelpdeskDbContext db, PriorityPolicy priority, Customer customer, IReadOnlyCollection<long>? only = null)
    {
        var reason = PriorityPolicy.Who(customer.Tier, customer.OrderCount, customer.LifetimeValue, customer.Currency);
        var conversations = await db.Conversations
            .Where(c => c.CustomerId == customer.Id && c.Status != ConversationStatuses.Resolved && (only == null || only.Contains(c.Id)))
            .Select(c => new { c.Id, Kind = db.Channels.Where(ch => ch.Id == c.ChannelId).Select(ch => ch.Kind).First() })
            .ToListAsync();
        foreach (var c in conversations)
        {
            await db.Conversations.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Tier, customer.Tier).SetProperty(x => x.PriorityReason, reason));
            // A statement of its own: within one UPDATE, the due time would still see the old tier.
            await db.Database.ExecuteSqlRawAsync(
                $"UPDATE Conversations SET DueAt = {priority.DueAtSql(c.Kind, "WaitingSince")} WHERE Id = {{0}}", c.Id);
        }
        return conversations.Select(c => c.Id).ToList();
    }
}
