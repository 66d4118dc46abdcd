using Helpdesk.Features.Agents;
using Helpdesk.Features.Labels;

namespace Helpdesk.Features.Conversations;

/// <param name="Kind">Only conversations of one kind of channel (storefront, email, messenger, marketplace).</param>
/// <param name="Label">Only conversations carrying this label (compared as stored: lower case).</param>
public sealed record ListConversations(
    long AgentId, string? Status, long? Channel, string? Assignee, int? Limit, string? Kind = null, string? Label = null)
    : IRequest<ConversationSummary[]>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations", (string? status, long? channel, string? assignee, int? limit, string? kind, string? label,
                HttpContext http, IMediator m) =>
            m.Send(new ListConversations(http.User.AgentId(), status, channel, assignee, limit, kind, label), http.RequestAborted))
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
        RuleFor(r => r.Label).LabelName().When(r => r.Label is not null).OverridePropertyName("label");
    }
}

public sealed class ListConversationsHandler(HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<ListConversations, ConversationSummary[]>
{
    public async Task<ConversationSummary[]> Handle(ListConversations r, CancellationToken ct)
    {
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
}
