using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <param name="IsPrivate">Writing a private note: only colleagues are told.</param>
public sealed record SignalAgentTyping(long ConversationId, long AgentId, string AgentName, bool IsTyping, bool IsPrivate = false) : IRequest;

public sealed class SignalAgentTypingHandler(
    HelpdeskDbContext db, IHubContext<WidgetHub, IWidgetClient> widget, IHubContext<InboxHub, IInboxClient> inbox)
    : IRequestHandler<SignalAgentTyping, Unit>
{
    public async Task<Unit> Handle(SignalAgentTyping r, CancellationToken ct)
    {
        // The shopper sees the name the agent shows customers, as on their replies.
        var conversation = await db.Conversations.Where(c => c.Id == r.ConversationId)
            .Select(c => new { c.VisitorId, PublicName = db.Agents.Where(a => a.Id == r.AgentId).Select(a => a.DisplayName ?? a.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Conversation");
        if (conversation.VisitorId is { } visitorId && !r.IsPrivate)
            await widget.Clients.Group(HubGroups.Visitor(visitorId))
                .Typing(new TypingEvent(Conversations.Senders.Agent, r.IsTyping, conversation.PublicName ?? r.AgentName));
        // Colleagues see who is already answering.
        await inbox.Clients.Group(HubGroups.Agents)
            .Typing(new InboxTypingEvent(r.ConversationId, Conversations.Senders.Agent, r.IsTyping, r.AgentName, r.AgentId, r.IsPrivate));
        return Unit.Value;
    }
}
