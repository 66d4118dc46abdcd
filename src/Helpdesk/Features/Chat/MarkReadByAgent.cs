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
        var changed = await db.Conversations.Where(c => c.Id == r.ConversationId && c.AgentReadUpToId < r.UpToId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AgentReadUpToId, r.UpToId), ct);
        if (changed == 0) return Unit.Value;
        if (conversation.VisitorId is { } visitorId)
            await widget.Clients.Group(HubGroups.Visitor(visitorId)).Read(new ReadEvent(r.UpToId));
        await mediator.Publish(new ConversationChanged(r.ConversationId), CancellationToken.None);
        return Unit.Value;
    }
}
