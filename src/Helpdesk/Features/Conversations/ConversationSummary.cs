using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Conversations;

public sealed record ChannelRef(long Id, string Kind, string Name);
/// <summary>Who is writing, with their order history in brief (the facts behind the priority reason).</summary>
/// <param name="Verified">Proven (store sign-in, one-time code, the channel itself) rather than only claimed.</param>
/// <param name="ClaimedEmail">When not verified: the address the customer gave, which nobody has proven yet.</param>
/// <param name="AnonymousName">A chat shopper who has not given a name: what to call them instead of "Visitor".</param>
public sealed record CustomerRef(
    long Id, string Name, string Tier, int OrderCount, decimal LifetimeValue, string? Currency, bool Verified = true,
    string? ClaimedEmail = null, Chat.AnonymousName? AnonymousName = null);
public sealed record AgentRef(long Id, string Name);
/// <summary>Where the conversation stands in the queue, and the facts that put it there.</summary>
/// <param name="Reason">The facts in English words, for API clients; the inbox words them itself.</param>
/// <param name="Pin">Why it was put ahead of the rest, as a code ("survey-score:2"), so the inbox can say it in the agent's language.</param>
/// <param name="OrderCount">The customer's orders when the priority was set.</param>
/// <param name="Value">What the customer had spent then, in <paramref name="Currency"/>.</param>
public sealed record Priority(
    string Tier, DateTime? DueAt, string Reason, string? Pin = null, int OrderCount = 0, decimal Value = 0, string? Currency = null,
    DateTime? SnoozedUntil = null);

public sealed record ConversationSummary(
    long Id, ChannelRef Channel, CustomerRef Customer, string Subject, string Status, AgentRef? Assignee,
    Priority Priority, DateTime LastMessageAt, string LastMessagePreview, int UnreadCount, IReadOnlyList<string> Labels)
{
    /// <summary>In search results only: what matched the query, with the words to mark.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Search.SearchMatch? Match { get; init; }
}

/// <summary>The one projection behind every conversation list, detail and hub event.</summary>
public static class ConversationSummaries
{
    public sealed record Row(
        Conversation C, string ChannelKind, string ChannelName, string CustomerName, int OrderCount, decimal LifetimeValue,
        string? Currency, string? AssigneeName, int Unread, string? ClaimedEmail, List<string> Labels, string? CustomerTimeZone);

    public static IQueryable<Row> Project(this IQueryable<Conversation> conversations, HelpdeskDbContext db) =>
        from c in conversations
        join ch in db.Channels on c.ChannelId equals ch.Id
        join cu in db.Customers on c.CustomerId equals cu.Id
        select new Row(
            c, ch.Kind, ch.Name, cu.Name, cu.OrderCount, cu.LifetimeValue, cu.Currency,
            db.Agents.Where(a => a.Id == c.AssigneeId).Select(a => a.Name).FirstOrDefault(),
            db.Messages.Count(m => m.ConversationId == c.Id && m.Id > c.AgentReadUpToId && m.Sender == Senders.Customer),
            c.CustomerVerified ? null
                : c.VisitorId == null ? c.ContactAddress
                : db.Visitors.Where(v => v.Id == c.VisitorId).Join(db.Customers, v => v.CustomerId, own => own.Id, (v, own) => own.Email)
                    .FirstOrDefault(),
            db.ConversationLabels.Where(cl => cl.ConversationId == c.Id).Join(db.Labels, cl => cl.LabelId, l => l.Id, (_, l) => l.Name)
                .ToList(),
            cu.TimeZone);

    public static ConversationSummary ToSummary(this Row r, DateTime now) => new(
        r.C.Id,
        new ChannelRef(r.C.ChannelId, r.ChannelKind, r.ChannelName),
        new CustomerRef(r.C.CustomerId, r.CustomerName, r.C.Tier, r.OrderCount, r.LifetimeValue, r.Currency, r.C.CustomerVerified, r.ClaimedEmail,
            r.C.VisitorId is { } visitor && r.CustomerName == Customers.CustomerNames.Visitor ? Chat.AnonymousNames.For(visitor, r.CustomerTimeZone) : null),
        r.C.Subject, r.C.Status,
        r.C.AssigneeId is { } a ? new AgentRef(a, r.AssigneeName ?? "") : null,
        new Priority(r.C.Tier, r.C.DueAt >= PriorityPolicy.NotWaiting ? null : r.C.DueAt,
            PriorityPolicy.Reason(r.C.Tier, r.C.PriorityOrderCount, r.C.PriorityValue, r.C.PriorityCurrency, r.C.DueAt, now, r.C.PinReason),
            r.C.PinReason, r.C.PriorityOrderCount, r.C.PriorityValue, r.C.PriorityCurrency, r.C.SnoozedUntil),
        r.C.LastMessageAt, r.C.LastMessagePreview, r.Unread, r.Labels.Order(StringComparer.Ordinal).ToArray());

    public static async Task<ConversationSummary?> SummaryAsync(
        this HelpdeskDbContext db, long id, DateTime now, CancellationToken ct = default) =>
        (await db.Conversations.AsNoTracking().Where(c => c.Id == id).Project(db).FirstOrDefaultAsync(ct))?.ToSummary(now);
}
