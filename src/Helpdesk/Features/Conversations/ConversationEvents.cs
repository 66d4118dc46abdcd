using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Conversations;

/// <summary>Published after a conversation's status, assignee or priority changed and was committed.</summary>
public sealed record ConversationChanged(long ConversationId) : INotification;

public sealed class BroadcastConversationChanged(
    HelpdeskDbContext db, IHubContext<InboxHub, IInboxClient> inbox, IHubContext<WidgetHub, IWidgetClient> widget,
    TimeProvider time) : INotificationHandler<ConversationChanged>
{
    public async Task Handle(ConversationChanged n, CancellationToken ct)
    {
        if (await db.SummaryAsync(n.ConversationId, time.GetUtcNow().UtcDateTime, ct) is not { } summary) return;
        await inbox.Clients.Group(HubGroups.Agents).ConversationChanged(summary);
        var visitorId = await db.Conversations.Where(c => c.Id == n.ConversationId).Select(c => c.VisitorId).FirstAsync(ct);
        if (visitorId is { } v)
            await widget.Clients.Group(HubGroups.Visitor(v)).ConversationStatus(new ConversationStatusEvent(summary.Status));
    }
}
