using Helpdesk.Features.Agents;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

public sealed record ReplyInput(long ConversationId, string? ClientMessageId, string? Body, bool IsPrivate);

/// <summary>The agents' side of live chat. Thin: each method forwards to a handler.</summary>
[Authorize]
public sealed class InboxHub(IMediator mediator, AgentPresence presence, InboxConnections connections) : Hub<IInboxClient>
{
    private long AgentId => Context.User!.AgentId();

    public override async Task OnConnectedAsync()
    {
        connections.Opened(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agents);
        await presence.ConnectedAsync(AgentId, Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        await presence.DisconnectedAsync(AgentId, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public Task<MessageDto> Reply(ReplyInput input) =>
        mediator.Send(new PostAgentMessage(
            input?.ConversationId ?? 0, AgentId, Context.User!.AgentName(),
            input?.ClientMessageId, input?.Body, input?.IsPrivate ?? false), Context.ConnectionAborted);

    public Task Typing(long conversationId, bool isTyping) =>
        mediator.Send(new SignalAgentTyping(conversationId, AgentId, Context.User!.AgentName(), isTyping), Context.ConnectionAborted);

    public Task MarkRead(long conversationId, long upToId) =>
        mediator.Send(new MarkReadByAgent(conversationId, upToId), Context.ConnectionAborted);

    public Task SetPresence(string presence) =>
        mediator.Send(new SetAgentPresence(AgentId, presence), Context.ConnectionAborted);
}
