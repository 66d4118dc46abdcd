using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>
/// A widget connection whose session ended on another node is closed at its next call: the
/// node that ended it closes its own connections at once, the others learn of it within a short while.
/// </summary>
public sealed class EndedSessionHubFilter(VisitorSessions sessions) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (await sessions.HasEndedAsync(context.Context.User!.VisitorId(), context.Context.ConnectionAborted))
        {
            context.Context.Abort();
            throw new HubException("This chat session has ended.");
        }
        return await next(context);
    }
}
