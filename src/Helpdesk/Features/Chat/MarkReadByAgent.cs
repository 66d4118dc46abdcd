using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

public sealed record MarkReadByAgent(long ConversationId, long UpToId) : IRequest;

public sealed class MarkReadByAgentValidator : AbstractValidator<MarkReadByAgent>
{
    public MarkReadByAgentValidator() => RuleFor(r => r.UpToId).GreaterThan(0);
}

public sealed class MarkReadByAgentHandler(
    HelpdeskDbContext db, IHubContext<WidgetHub, IWidgetClient> widget, IMediator mediator)
    : IRequestHandler<MarkReadByAgent, Unit>
{
    public async Task<Unit> Handle(MarkReadByAgent r, CancellationToken ct)
    {
        var conversation = await db.Conversations.Where(c => c.Id == r.ConversationId)
            .Select(c => new { c.VisitorId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Conversation");
        // Never past the last message: a marker ahead of it would swallow messages still to come.
        var upTo = Math.Min(r.UpToId, await db.Messages.Where(m => m.ConversationId == r.ConversationId).MaxAsync(m => (long?)m.Id, ct) ?? 0);
        var changed = await db.Conversations.Where(c => c.Id == r.ConversationId && c.AgentReadUpToId < upTo)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentReadUpToId, upTo), ct);
        if (changed == 0) return Unit.Value;
        if (conversation.VisitorId is { } visitorId)
            await widget.Clients.Group(HubGroups.Visitor(visitorId)).Read(new ReadEvent(upTo));
        await mediator.Publish(new ConversationChanged(r.ConversationId), CancellationToken.None);
        return Unit.Value;
    }
}
