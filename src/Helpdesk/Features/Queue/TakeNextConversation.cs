using Helpdesk.Features.Agents;
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

public sealed class TakeNextConversationHandler(WriteQueue writes, IMediator mediator, TimeProvider time)
    : IRequestHandler<TakeNextConversation, ConversationSummary?>
{
    public async Task<ConversationSummary?> Handle(TakeNextConversation r, CancellationToken ct)
    {
        // Claims go through the write queue: agents taking next at once wait their turn there,
        // never on the database's lock.
        var taken = await writes.RunAsync(async db =>
        {
            // At chat capacity an agent still takes emails and other asynchronous conversations, not more chats.
            var full = await AgentLoad.IsFullAsync(db, r.AgentId, CancellationToken.None);
            // One statement picks and claims, so two agents can never take the same conversation.
            var claimed = await db.Database.SqlQuery<long>($"""
                UPDATE Conversations SET AssigneeId = {r.AgentId}
                WHERE Id = (SELECT Id FROM Conversations
                            WHERE Status = 'open' AND AssigneeId IS NULL AND WaitingSince IS NOT NULL
                              AND ({!full} OR ChannelId NOT IN (SELECT Id FROM Channels WHERE Kind = 'storefront'))
                            ORDER BY DueAt, Id LIMIT 1)
                  AND AssigneeId IS NULL
                RETURNING Id AS Value
                """).ToListAsync();
            // Read back on the same connection, as committed with the claim.
            return claimed.Count == 0 ? null : await db.SummaryAsync(claimed[0], time.GetUtcNow().UtcDateTime);
        });
        if (taken is not null) await mediator.Publish(new ConversationChanged(taken.Id), CancellationToken.None);
        return taken;
    }
}
