namespace Helpdesk.Features.Conversations;

public sealed record AssignConversation(long ConversationId, long? AgentId) : IRequest<ConversationSummary>, IEndpoint
{
    public sealed record Input(long? AgentId);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/assign", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new AssignConversation(id, input.AgentId), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class AssignConversationHandler(ChangeConversation change, HelpdeskDbContext db)
    : IRequestHandler<AssignConversation, ConversationSummary>
{
    public async Task<ConversationSummary> Handle(AssignConversation r, CancellationToken ct)
    {
        if (r.AgentId is { } agentId && !await db.Agents.AnyAsync(a => a.Id == agentId && !a.Disabled, ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("agentId", "No active agent has this id.")]);
        return await change.ApplyAsync(r.ConversationId, now => new Transition.Assign(now, r.AgentId));
    }
}
