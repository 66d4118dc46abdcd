using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Mentions;

/// <summary>The signed-in agent has seen their mentions in a conversation (by opening it): they are no longer unread.</summary>
public sealed record MarkMentionsRead(long AgentId, long ConversationId) : IRequest<Unit>, IEndpoint
{
    public sealed record Input(long ConversationId);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/mentions/read", async (Input input, HttpContext http, IMediator m) =>
            {
                await m.Send(new MarkMentionsRead(http.User.AgentId(), input.ConversationId), http.RequestAborted);
                return Results.NoContent();
            })
            .RequireAuthorization().WithTags("Mentions");
}

public sealed class MarkMentionsReadValidator : AbstractValidator<MarkMentionsRead>
{
    public MarkMentionsReadValidator() => RuleFor(r => r.ConversationId).GreaterThan(0).WithName("conversationId");
}

public sealed class MarkMentionsReadHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<MarkMentionsRead, Unit>
{
    public async Task<Unit> Handle(MarkMentionsRead r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Mentions.Where(m => m.AgentId == r.AgentId && m.ConversationId == r.ConversationId && m.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
        return Unit.Value;
    }
}
