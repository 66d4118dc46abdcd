using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Conversations;

/// <summary>
/// The numbers on the inbox's tabs and filters. Mine and unassigned count the queue (open conversations), as the
/// list's default tab shows them.
/// </summary>
public sealed record CountConversations(long AgentId) : IRequest<ConversationCounts>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations/counts", (HttpContext http, IMediator m) =>
                m.Send(new CountConversations(http.User.AgentId()), http.RequestAborted))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed record ConversationCounts(int Open, int Pending, int Snoozed, int Mine, int Unassigned);

public sealed class CountConversationsHandler(HelpdeskDbContext db) : IRequestHandler<CountConversations, ConversationCounts>
{
    // Each is a COUNT over the (Status, AssigneeId, DueAt) index; resolved conversations, the bulk, are never read.
    public async Task<ConversationCounts> Handle(CountConversations r, CancellationToken ct)
    {
        var all = db.Conversations.AsNoTracking();
        var open = all.Where(c => c.Status == ConversationStatuses.Open);
        return new ConversationCounts(
            await open.CountAsync(ct),
            await all.CountAsync(c => c.Status == ConversationStatuses.Pending, ct),
            await all.CountAsync(c => c.Status == ConversationStatuses.Snoozed, ct),
            await open.CountAsync(c => c.AssigneeId == r.AgentId, ct),
            await open.CountAsync(c => c.AssigneeId == null, ct));
    }
}
