using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Queue;

public sealed record TakeNextConversation(long AgentId) : IRequest<ConversationSummary?>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/queue/next", async (HttpContext http, IMediator m) =>
                await m.Send(new TakeNextConversation(http.User.AgentId()), http.RequestAborted) is { } taken
                    ? Results.Ok(taken)
                    : Results.NoContent())
            .RequireAuthorization().WithTags("Queue")
            .Produces<ConversationSummary>().Produces(StatusCodes.Status204NoContent);
}

public sealed class TakeNextConversationHandler(WriteQueue writes, HelpdeskDbContext db, IMediator mediator, TimeProvider time)
    : IRequestHandler<TakeNextConversation, ConversationSummary?>
{
    /// <summary>
    /// One statement picks and claims, so two agents can never take the same conversation: the most overdue
    /// waiting one nobody has. It looks at the first of each channel (one step in the (status, assignee, channel,
    /// due time) index per channel) and takes the earliest of those. At chat capacity (<see cref="AgentLoad"/>) an
    /// agent still takes emails and other asynchronous conversations, not more chats: their channels are left out,
    /// so however many chats wait, none is read. Parameters: $p0 the agent, $p1 <see cref="ConversationStatuses.Open"/>,
    /// $p2 <see cref="ChannelKinds.Storefront"/>. On PostgreSQL, a conversation another node is claiming at that
    /// moment is passed over (<see cref="RawSql.SkipLocked"/>), so the agent gets the next one instead of nothing.
    /// </summary>
    private const string ClaimSql = $"""
        UPDATE Conversations SET AssigneeId = $p0
        WHERE Id = (SELECT c.Id FROM Channels ch
                    JOIN Conversations c ON c.Id = (
                        SELECT w.Id FROM Conversations w
                        WHERE w.Status = $p1 AND w.AssigneeId IS NULL AND w.ChannelId = ch.Id AND w.WaitingSince IS NOT NULL
                        ORDER BY w.DueAt, w.Id LIMIT 1 {RawSql.SkipLocked})
                    WHERE ch.Kind <> $p2
                       OR (SELECT COUNT(*) FROM Conversations mine JOIN Channels k ON k.Id = mine.ChannelId
                           WHERE mine.Status = $p1 AND mine.AssigneeId = $p0 AND k.Kind = $p2)
                          < (SELECT a.ChatCapacity FROM Agents a WHERE a.Id = $p0)
                    ORDER BY c.DueAt, c.Id LIMIT 1)
          AND AssigneeId IS NULL
        RETURNING Id
        """;

    public async Task<ConversationSummary?> Handle(TakeNextConversation r, CancellationToken ct)
    {
        // Claims go through the write queue: agents taking next at once share its commits and wait their
        // turn there, never on the database's lock. Only the claim itself holds the writer.
        var claimed = await writes.RunAsync(queue =>
            queue.QueryAsync(ClaimSql, row => row.GetInt64(0), r.AgentId, ConversationStatuses.Open, ChannelKinds.Storefront));
        if (claimed is not [var id]) return null;
        // Read after the commit, alongside the writer rather than in its turn.
        var now = time.GetUtcNow().UtcDateTime;
        var taken = await db.SummaryAsync(id, now, CancellationToken.None);
        // The claim is the lifecycle's assignment from nobody (Transition.Assign), which changes the assignee and nothing else.
        await mediator.Publish(new ConversationChanged(id, [new Assigned(now, r.AgentId, null)]), CancellationToken.None);
        return taken;
    }
}
