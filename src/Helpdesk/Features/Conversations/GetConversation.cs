namespace Helpdesk.Features.Conversations;

public sealed record ConversationDetail(ConversationSummary Summary, MessageDto[] Messages, long CustomerReadUpToId);

public sealed record GetConversation(long Id) : IRequest<ConversationDetail>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations/{id:long}", async (long id, IMediator m, CancellationToken ct) =>
            {
                var d = await m.Send(new GetConversation(id), ct);
                var s = d.Summary;
                // The summary's fields and the messages, side by side as the contract shows them.
                return new
                {
                    s.Id, s.Channel, s.Customer, s.Subject, s.Status, s.Assignee, s.Priority,
                    s.LastMessageAt, s.LastMessagePreview, s.UnreadCount, d.CustomerReadUpToId, d.Messages,
                };
            })
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class GetConversationHandler(HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<GetConversation, ConversationDetail>
{
    public async Task<ConversationDetail> Handle(GetConversation r, CancellationToken ct)
    {
        var row = await db.Conversations.AsNoTracking().Where(c => c.Id == r.Id).Project(db).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Conversation");
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == r.Id)
            .OrderBy(m => m.Id)
            .Select(m => new MessageDto(m.Id, m.ConversationId, m.ClientMessageId, m.Sender, m.AuthorName, m.Body, m.CreatedAt, m.IsPrivate))
            .ToArrayAsync(ct);
        return new ConversationDetail(row.ToSummary(time.GetUtcNow().UtcDateTime), messages, row.C.CustomerReadUpToId);
    }
}
