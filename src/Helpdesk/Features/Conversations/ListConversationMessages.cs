namespace Helpdesk.Features.Conversations;

/// <summary>
/// A page of a conversation's messages, ascending: the latest ones, or those just before a message the agent
/// already has. A conversation of thousands of messages is never read or sent whole.
/// </summary>
public sealed record ListConversationMessages(long ConversationId, long? Before, int Limit = ListConversationMessages.PageSize)
    : IRequest<MessageDto[]>, IEndpoint
{
    public const int PageSize = 50;
    public const int MaxPageSize = 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations/{id:long}/messages", (long id, long? before, int? limit, IMediator m, CancellationToken ct) =>
                m.Send(new ListConversationMessages(id, before, limit ?? PageSize), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class ListConversationMessagesValidator : AbstractValidator<ListConversationMessages>
{
    public ListConversationMessagesValidator()
    {
        RuleFor(r => r.Limit).InclusiveBetween(1, ListConversationMessages.MaxPageSize).WithName("limit");
        RuleFor(r => r.Before).GreaterThan(0).When(r => r.Before is not null).WithName("before");
    }
}

public sealed class ListConversationMessagesHandler(HelpdeskDbContext db) : IRequestHandler<ListConversationMessages, MessageDto[]>
{
    public async Task<MessageDto[]> Handle(ListConversationMessages r, CancellationToken ct)
    {
        if (!await db.Conversations.AnyAsync(c => c.Id == r.ConversationId, ct)) throw new NotFoundException("Conversation");
        return await PageAsync(db, r.ConversationId, r.Before, r.Limit, ct);
    }

    /// <summary>Up to <paramref name="limit"/> messages before <paramref name="before"/> (or the latest), ascending, with what an agent sees of each.</summary>
    public static async Task<MessageDto[]> PageAsync(HelpdeskDbContext db, long conversationId, long? before, int limit, CancellationToken ct)
    {
        var page = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId);
        if (before is { } beforeId) page = page.Where(m => m.Id < beforeId);
        var messages = await (
                from m in page.OrderByDescending(m => m.Id).Take(limit)
                join o in db.Outbox on m.Id equals o.MessageId into outbox
                from o in outbox.DefaultIfEmpty()
                select new
                {
                    Dto = new MessageDto(m.Id, m.ConversationId, m.ClientMessageId, m.Sender, m.AuthorName, m.Body, m.CreatedAt, m.IsPrivate),
                    m.Quoted,
                    m.ReplyTo,
                    m.SenderProof,
                    m.OrderNumber,
                    Delivery = o == null ? null : new DeliveryDto(o.Status, o.LastError, o.Attempts,
                        o.Status == Infrastructure.Outbox.DeliveryStatuses.Queued ? o.NextAttemptAt : null),
                })
            .ToListAsync(ct);
        if (messages.Count == 0) return [];

        var ids = messages.Select(m => m.Dto.Id).ToArray();
        // The files' descriptions only: their bytes are fetched one by one when an agent opens them.
        var attachments = (await db.Attachments.AsNoTracking()
                .Where(a => ids.Contains(a.MessageId))
                .OrderBy(a => a.Id)
                .Select(a => new { a.MessageId, Dto = new AttachmentDto(a.Id, a.FileName, a.ContentType, a.Size,
                    a.Url ?? (a.Content == null ? null : "/api/attachments/" + a.Id), a.Inline, a.Content == null && a.Url == null) })
                .ToListAsync(ct))
            .ToLookup(a => a.MessageId, a => a.Dto);

        return messages.OrderBy(m => m.Dto.Id).Select(m => m.Dto with
        {
            Quoted = m.Quoted,
            ReplyTo = m.ReplyTo,
            OrderNumber = m.OrderNumber,
            SenderProof = m.SenderProof,
            Delivery = m.Delivery,
            Attachments = attachments.Contains(m.Dto.Id) ? attachments[m.Dto.Id].ToArray() : null,
        }).ToArray();
    }
}
