using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>Tells everyone concerned about a committed message: the shopper (never a private note) and the agents.</summary>
public sealed class BroadcastMessage(
    IHubContext<WidgetHub, IWidgetClient> widget, IHubContext<InboxHub, IInboxClient> inbox, ConversationFeed feed)
    : INotificationHandler<MessageAdded>
{
    public async Task Handle(MessageAdded n, CancellationToken ct)
    {
        var (message, conversation, _) = n.Stored;
        var dto = MessageDto.From(message, n.Stored.Delivery);
        if (!message.IsPrivate && conversation.VisitorId is { } visitorId)
            await widget.Clients.Group(HubGroups.Visitor(visitorId)).MessageReceived(dto);
        await inbox.Clients.Group(HubGroups.Agents).MessageReceived(dto);
        feed.Changed(conversation.Id);
    }
}
