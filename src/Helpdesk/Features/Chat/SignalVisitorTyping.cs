using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

public sealed record SignalVisitorTyping(long VisitorId, bool IsTyping) : IRequest;

public sealed class SignalVisitorTypingHandler(HelpdeskDbContext db, IHubContext<InboxHub, IInboxClient> inbox)
    : IRequestHandler<SignalVisitorTyping, Unit>
{
    public async Task<Unit> Handle(SignalVisitorTyping r, CancellationToken ct)
    {
        var conversation = await db.Conversations.Where(c => c.VisitorId == r.VisitorId)
            .OrderByDescending(c => c.Id).Select(c => new { c.Id, Name = db.Customers.Where(u => u.Id == c.CustomerId).Select(u => u.Name).First() })
            .FirstOrDefaultAsync(ct);
        // Before the first message there is no conversation for an agent to watch.
        if (conversation is not null)
            await inbox.Clients.Group(HubGroups.Agents)
                .Typing(new InboxTypingEvent(conversation.Id, Conversations.Senders.Customer, r.IsTyping, conversation.Name));
        return Unit.Value;
    }
}
