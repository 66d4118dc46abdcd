using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

/// <summary>What a visitor missed: every public message of their conversations after an id.</summary>
public sealed record GetVisitorMessages(long VisitorId, long AfterId) : IRequest<MessageDto[]>;

public sealed class GetVisitorMessagesValidator : AbstractValidator<GetVisitorMessages>
{
    public GetVisitorMessagesValidator() => RuleFor(r => r.AfterId).GreaterThanOrEqualTo(0);
}

public sealed class GetVisitorMessagesHandler(HelpdeskDbContext db) : IRequestHandler<GetVisitorMessages, MessageDto[]>
{
    public const int PageSize = 500;

    public async Task<MessageDto[]> Handle(GetVisitorMessages r, CancellationToken ct)
    {
        var conversations = await db.Conversations.Where(c => c.VisitorId == r.VisitorId).Select(c => c.Id).ToListAsync(ct);
        return await db.Messages.AsNoTracking()
            .Where(m => conversations.Contains(m.ConversationId) && m.Id > r.AfterId && !m.IsPrivate)
            .OrderBy(m => m.Id)
            .Take(PageSize)
            .Select(m => new MessageDto(m.Id, m.ConversationId, m.ClientMessageId, m.Sender, m.AuthorName, m.Body, m.CreatedAt, m.IsPrivate)
                { OrderNumber = m.OrderNumber })
            .ToArrayAsync(ct);
    }
}
