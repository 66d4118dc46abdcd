namespace Helpdesk.Features.Chat;

/// <summary>An agent's inbox connection opened a conversation (or, with null, closed it): colleagues see who is looking.</summary>
public sealed record ViewConversation(long? ConversationId, string ConnectionId, long AgentId, string AgentName) : IRequest;

public sealed class ViewConversationValidator : AbstractValidator<ViewConversation>
{
    public ViewConversationValidator() =>
        RuleFor(r => r.ConversationId).GreaterThan(0).When(r => r.ConversationId is not null).WithName("conversationId");
}

public sealed class ViewConversationHandler(HelpdeskDbContext db, ConversationViewers viewers) : IRequestHandler<ViewConversation, Unit>
{
    public async Task<Unit> Handle(ViewConversation r, CancellationToken ct)
    {
        if (r.ConversationId is { } id && !await db.Conversations.AnyAsync(c => c.Id == id, ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("conversationId", "No conversation has this id.")]);
        await viewers.ViewAsync(r.ConnectionId, r.AgentId, r.AgentName, r.ConversationId);
        return Unit.Value;
    }
}
