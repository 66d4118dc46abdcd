using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Conversations;

/// <summary>
/// Published after a conversation's status, assignee, priority or read marks changed and were
/// committed, with the lifecycle's events the change raised (a message's are on <see cref="MessageAdded"/>).
/// </summary>
public sealed record ConversationChanged(long ConversationId, IReadOnlyList<ConversationEvent> Events) : INotification
{
    public ConversationChanged(long conversationId) : this(conversationId, []) { }
}

public sealed class BroadcastConversationChanged(
    HelpdeskDbContext db, ConversationFeed feed, IHubContext<WidgetHub, IWidgetClient> widget)
    : INotificationHandler<ConversationChanged>
{
    public async Task Handle(ConversationChanged n, CancellationToken ct)
    {
        feed.Changed(n.ConversationId);
        // The widget shows the status; who has the conversation, its place in the queue and its labels are the agents' business.
        if (n.Events.Count > 0 && n.Events.All(e => e is Assigned or PriorityChanged or Labels.LabelsChanged)) return;
        // The widget shows the visitor's current conversation only; older ones change silently.
        var conversation = await db.Conversations.Where(c => c.Id == n.ConversationId)
            .Select(c => new
            {
                c.VisitorId, c.Status,
                IsCurrent = !db.Conversations.Any(later => later.VisitorId == c.VisitorId && later.Id > c.Id),
            })
            .FirstOrDefaultAsync(ct);
        if (conversation is { VisitorId: { } visitorId, IsCurrent: true })
            await widget.Clients.Group(HubGroups.Visitor(visitorId))
                .ConversationStatus(new ConversationStatusEvent(conversation.Status, n.ConversationId));
    }
}
