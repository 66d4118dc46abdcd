using Helpdesk.Features.Agents;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <param name="Mentions">The agents a private note mentions: each is told, and finds it among their mentions later.</param>
public sealed record ReplyInput(long ConversationId, string? ClientMessageId, string? Body, bool IsPrivate, long[]? Mentions = null);

/// <summary>The agents' side of live chat. Thin: each method forwards to a handler.</summary>
[Authorize]
public sealed class InboxHub(
    IMediator mediator, AgentPresence presence, InboxConnections connections, ConversationViewers viewers,
    Helpdesk.Infrastructure.Nodes.Nodes nodes) : Hub<IInboxClient>
{
    private long AgentId => Context.User!.AgentId();

    public override async Task OnConnectedAsync()
    {
        connections.Opened(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agents);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agent(AgentId));
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.AgentsOn(nodes.Id));
        await presence.ConnectedAsync(AgentId, Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        await viewers.DisconnectedAsync(Context.ConnectionId);
        await presence.DisconnectedAsync(AgentId, Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    public Task<MessageDto> Reply(ReplyInput input) =>
        mediator.Send(new PostAgentMessage(
            input?.ConversationId ?? 0, AgentId, Context.User!.AgentName(),
            input?.ClientMessageId, input?.Body, input?.IsPrivate ?? false, input?.Mentions), Context.ConnectionAborted);

    public Task Typing(long conversationId, bool isTyping) =>
        mediator.Send(new SignalAgentTyping(conversationId, AgentId, Context.User!.AgentName(), isTyping), Context.ConnectionAborted);

    /// <summary>Writing a private note: colleagues see it, the shopper does not.</summary>
    public Task TypingNote(long conversationId, bool isTyping) =>
        mediator.Send(new SignalAgentTyping(conversationId, AgentId, Context.User!.AgentName(), isTyping, IsPrivate: true), Context.ConnectionAborted);

    /// <summary>This tab now shows the conversation; null when it shows none.</summary>
    public Task ViewConversation(long? conversationId) =>
        mediator.Send(new ViewConversation(conversationId, Context.ConnectionId, AgentId, Context.User!.AgentName()), Context.ConnectionAborted);

    /// <summary>Who views what right now, for an inbox that has just (re)connected.</summary>
    public IReadOnlyList<ViewersEvent> GetViewers() => viewers.All();

    public Task MarkRead(long conversationId, long upToId) =>
        mediator.Send(new MarkReadByAgent(conversationId, upToId), Context.ConnectionAborted);

    public Task SetPresence(string presence) =>
        mediator.Send(new SetAgentPresence(AgentId, presence), Context.ConnectionAborted);
}
