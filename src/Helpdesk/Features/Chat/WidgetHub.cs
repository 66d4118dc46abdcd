using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

public sealed record SendMessageInput(string? ClientMessageId, string? Body, string? OrderNumber = null);
public sealed record ContactInput(string? Name, string? Email);

/// <summary>The shopper's side of live chat. Thin: each method forwards to a handler.</summary>
[Authorize(AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName)]
public sealed class WidgetHub(IMediator mediator, LiveVisitors live, TimeProvider time) : Hub<IWidgetClient>
{
    private long VisitorId => Context.User!.VisitorId();

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Visitor(VisitorId));
        live.Connected(VisitorId, Context);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        live.Disconnected(VisitorId, Context);
        return base.OnDisconnectedAsync(exception);
    }

    public Task<MessageDto> SendMessage(SendMessageInput input) =>
        mediator.Send(new SendVisitorMessage(VisitorId, input?.ClientMessageId, input?.Body, input?.OrderNumber), Context.ConnectionAborted);

    public Task<MessageDto[]> GetMessages(long afterId) =>
        mediator.Send(new GetVisitorMessages(VisitorId, afterId), Context.ConnectionAborted);

    public Task Typing(bool isTyping)
    {
        var now = time.GetUtcNow();
        Context.Items.TryGetValue(typeof(TypingRepeats), out var last);
        if (TypingRepeats.Repeats(last as TypingRepeats, isTyping, now)) return Task.CompletedTask;
        Context.Items[typeof(TypingRepeats)] = new TypingRepeats(isTyping, now);
        return mediator.Send(new SignalVisitorTyping(VisitorId, isTyping), Context.ConnectionAborted);
    }

    public Task MarkRead(long upToId) =>
        mediator.Send(new MarkReadByVisitor(VisitorId, upToId), Context.ConnectionAborted);

    public Task UpdateContact(ContactInput input) =>
        mediator.Send(new UpdateVisitorContact(VisitorId, input?.Name, input?.Email), Context.ConnectionAborted);
}
