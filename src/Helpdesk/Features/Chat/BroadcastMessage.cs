using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>Tells everyone concerned about a committed message: the shopper (never a private note) and the agents.</summary>
public sealed class BroadcastMessage(
    IHubContext<WidgetHub, IWidgetClient> widget, IHubContext<InboxHub, IInboxClient> inbox,
    HelpdeskDbContext db, TimeProvider time)
    : INotificationHandler<MessageAdded>
{
    public async Task Handle(MessageAdded n, CancellationToken ct)
    {
        var (message, conversation, _) = n.Stored;
        var dto = MessageDto.From(message);
        if (!message.IsPrivate && conversation.VisitorId is { } visitorId)
            await widget.Clients.Group(HubGroups.Visitor(visitorId)).MessageReceived(dto);
        await inbox.Clients.Group(HubGroups.Agents).MessageReceived(dto);
        if (await db.SummaryAsync(conversation.Id, time.GetUtcNow().UtcDateTime, ct) is { } summary)
            await inbox.Clients.Group(HubGroups.Agents).ConversationChanged(summary);
    }
}
