namespace Helpdesk.Features.Conversations;

public sealed record AssignConversation(long ConversationId, long? AgentId) : IRequest<ConversationSummary>, IEndpoint
{
    public sealed record Input(long? AgentId);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/assign", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new AssignConversation(id, input.AgentId), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class AssignConversationHandler(HelpdeskDbContext db, IMediator mediator, TimeProvider time)
    : IRequestHandler<AssignConversation, ConversationSummary>
{
    public async Task<ConversationSummary> Handle(AssignConversation r, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == r.ConversationId, ct)
            ?? throw new NotFoundException("Conversation");
        if (r.AgentId is { } agentId && !await db.Agents.AnyAsync(a => a.Id == agentId && !a.Disabled, ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("agentId", "No active agent has this id.")]);
        conversation.AssigneeId = r.AgentId;
        await db.SaveChangesAsync(ct);
        await mediator.Publish(new ConversationChanged(conversation.Id), CancellationToken.None);
        return (await db.SummaryAsync(conversation.Id, time.GetUtcNow().UtcDateTime, ct))!;
    }
}
