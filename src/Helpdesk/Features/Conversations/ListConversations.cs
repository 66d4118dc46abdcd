using Helpdesk.Features.Agents;
using Helpdesk.Features.Conversations.Search;
using Helpdesk.Features.Labels;

namespace Helpdesk.Features.Conversations;

/// <param name="Kind">Only conversations of one kind of channel (storefront, email, messenger, marketplace).</param>
/// <param name="Query">Words to search for: then every status unless one is asked for, best match first, each with its <see cref="ConversationSummary.Match"/>.</param>
/// <param name="Label">Only conversations carrying this label (compared as stored: lower case).</param>
public sealed record ListConversations(
    long AgentId, string? Status, long? Channel, string? Assignee, int? Limit, string? Kind = null, string? Query = null, string? Label = null)
    : IRequest<ConversationSummary[]>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations", (string? status, long? channel, string? assignee, int? limit, string? kind, string? query, string? label,
                HttpContext http, IMediator m) =>
            m.Send(new ListConversations(http.User.AgentId(), status, channel, assignee, limit, kind, query, label), http.RequestAborted))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class ListConversationsValidator : AbstractValidator<ListConversations>
{
    public ListConversationsValidator()
    {
        RuleFor(r => r.Status).Must(s => s is null or "all" || ConversationStatuses.All.Contains(s))
            .WithMessage("'status' must be open, pending, snoozed, resolved or all.");
        RuleFor(r => r.Assignee).Must(a => a is null or "me" or "unassigned" or "any")
            .WithMessage("'assignee' must be me, unassigned or any.");
        RuleFor(r => r.Limit).InclusiveBetween(1, 500);
        RuleFor(r => r.Kind).Must(k => k is null || Channels.ChannelKinds.All.Contains(k))
            .WithMessage("'kind' must be storefront, email, messenger, marketplace or shopify.");
        RuleFor(r => r.Query).MaximumLength(SearchTerms.MaxLength)
            .WithMessage($"'query' must be at most {SearchTerms.MaxLength} characters.");
        RuleFor(r => r.Label).LabelName().When(r => r.Label is not null).OverridePropertyName("label");
    }
}

public sealed class ListConversationsHandler(
    HelpdeskDbContext db, TimeProvider time, IConversationSearch search, SearchMatches matches, Customers.PhoneNumbers phones)
    : IRequestHandler<ListConversations, ConversationSummary[]>
{
    public async Task<ConversationSummary[]> Handle(ListConversations r, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(r.Query)) return await SearchAsync(r, r.Query, ct);
        var status = r.Status ?? ConversationStatuses.Open;
        var q = db.Conversations.AsNoTracking();
        if (status != "all") q = q.Where(c => c.Status == status);
        if (r.Channel is { } channel) q = q.Where(c => c.ChannelId == channel);
        if (r.Kind is { } kind) q = q.Where(c => db.Channels.Any(ch => ch.Id == c.ChannelId && ch.Kind == kind));
        if (LabelRules.Normalize(r.Label) is { } label)
        {
            // The label's id first: the filter then reads the join table's (label, conversation) index.
            var labelId = await db.Labels.Where(l => l.Name == label).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct);
            if (labelId is null) return [];
            q = q.Where(c => db.ConversationLabels.Any(cl => cl.LabelId == labelId && cl.ConversationId == c.Id));
        }
        q = r.Assignee switch
        {
            "me" => q.Where(c => c.AssigneeId == r.AgentId),
            "unassigned" => q.Where(c => c.AssigneeId == null),
            _ => q,
        };
        // Open conversations in queue order, earliest due first; snoozed ones in the order they come back; the rest by latest activity.
        q = status switch
        {
            ConversationStatuses.Open => q.OrderBy(c => c.DueAt).ThenBy(c => c.Id),
            // Those waiting only for the customer last, on both databases (they sort nulls differently).
            ConversationStatuses.Snoozed => q.OrderBy(c => c.SnoozedUntil == null).ThenBy(c => c.SnoozedUntil).ThenBy(c => c.Id),
            _ => q.OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id),
        };
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await q.Take(r.Limit ?? 100).Project(db).ToListAsync(ct);
        return rows.Select(row => row.ToSummary(now)).ToArray();
    }

    private async Task<ConversationSummary[]> SearchAsync(ListConversations r, string query, CancellationToken ct)
    {
        var terms = SearchTerms.Parse(query, phones.Normalize);
        if (terms.IsEmpty) return [];
        var status = r.Status is null or "all" ? null : r.Status;
        var hits = await search.FindAsync(terms, new SearchFilter(r.AgentId, status, r.Channel, r.Kind, r.Assignee), r.Limit ?? 100, ct);
        var ids = hits.Select(h => h.ConversationId).ToArray();
        var rows = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id)).Project(db).ToDictionaryAsync(row => row.C.Id, ct);
        var found = await matches.ForAsync(hits, rows.ToDictionary(row => row.Key, row => row.Value.C), terms, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return hits.Where(h => rows.ContainsKey(h.ConversationId))
            .Select(h => rows[h.ConversationId].ToSummary(now) with { Match = found.GetValueOrDefault(h.ConversationId) })
            .ToArray();
    }
}
