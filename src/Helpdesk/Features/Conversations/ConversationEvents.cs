using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Conversations;

/// <summary>Published after a conversation's status, assignee or priority changed and was committed.</summary>
public sealed record ConversationChanged(long ConversationId) : INotification;

public sealed class BroadcastConversationChanged(
    HelpdeskDbContext db, ConversationFeed feed, IHubContext<WidgetHub, IWidgetClient> widget)
    : INotificationHandler<ConversationChanged>
{
    public async Task Handle(ConversationChanged n, CancellationToken ct)
    {
        feed.Changed(n.ConversationId);
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
