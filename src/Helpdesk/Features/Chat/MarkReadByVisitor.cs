using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

public sealed record MarkReadByVisitor(long VisitorId, long UpToId) : IRequest;

public sealed class MarkReadByVisitorValidator : AbstractValidator<MarkReadByVisitor>
{
    public MarkReadByVisitorValidator() => RuleFor(r => r.UpToId).GreaterThan(0);
}

public sealed class MarkReadByVisitorHandler(HelpdeskDbContext db, IHubContext<InboxHub, IInboxClient> inbox)
    : IRequestHandler<MarkReadByVisitor, Unit>
{
    public async Task<Unit> Handle(MarkReadByVisitor r, CancellationToken ct)
    {
        var conversationId = await db.Conversations.Where(c => c.VisitorId == r.VisitorId)
            .OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (conversationId is not { } id) return Unit.Value;
        // Never past the last message: a marker ahead of it would swallow messages still to come.
        var upTo = Math.Min(r.UpToId, await db.Messages.Where(m => m.ConversationId == id).MaxAsync(m => (long?)m.Id, ct) ?? 0);
        var changed = await db.Conversations.Where(c => c.Id == id && c.CustomerReadUpToId < upTo)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerReadUpToId, upTo), ct);
        if (changed > 0)
            await inbox.Clients.Group(HubGroups.Agents).Read(new InboxReadEvent(id, Conversations.Senders.Customer, upTo));
        return Unit.Value;
    }
}
