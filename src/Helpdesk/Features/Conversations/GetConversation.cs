namespace Helpdesk.Features.Conversations;

public sealed record ConversationDetail(
    ConversationSummary Summary, MessageDto[] Messages, long CustomerReadUpToId, ReplyLimitsDto ReplyLimits)
{
    /// <summary>The satisfaction survey this conversation carried or follows up, beside it for the agent.</summary>
    public Surveys.ConversationSurveyDto? Survey { get; init; }
    /// <summary>"invitation" or "follow-up".</summary>
    public string? SurveyRole { get; init; }
}

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
                    s.LastMessageAt, s.LastMessagePreview, s.UnreadCount, d.CustomerReadUpToId, d.ReplyLimits, d.Survey, d.SurveyRole, d.Messages,
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
        var messages = await (
                from m in db.Messages.AsNoTracking()
                where m.ConversationId == r.Id
                join o in db.Outbox on m.Id equals o.MessageId into outbox
                from o in outbox.DefaultIfEmpty()
                orderby m.Id
                select new
                {
                    Dto = new MessageDto(m.Id, m.ConversationId, m.ClientMessageId, m.Sender, m.AuthorName, m.Body, m.CreatedAt, m.IsPrivate),
                    m.Quoted,
                    m.ReplyTo,
                    m.SenderProof,
                    Delivery = o == null ? null : new DeliveryDto(o.Status, o.LastError, o.Attempts,
                        o.Status == Infrastructure.Outbox.DeliveryStatuses.Queued ? o.NextAttemptAt : null),
                })
            .ToListAsync(ct);
        // The files' descriptions only: their bytes are fetched one by one when an agent opens them.
        var attachments = (await db.Attachments.AsNoTracking()
                .Where(a => db.Messages.Any(m => m.Id == a.MessageId && m.ConversationId == r.Id))
                .OrderBy(a => a.Id)
                .Select(a => new { a.MessageId, Dto = new AttachmentDto(a.Id, a.FileName, a.ContentType, a.Size,
                    a.Url ?? (a.Content == null ? null : "/api/attachments/" + a.Id), a.Inline, a.Content == null && a.Url == null) })
                .ToListAsync(ct))
            .ToLookup(a => a.MessageId, a => a.Dto);

        var survey = await db.Surveys.AsNoTracking()
            .Where(x => x.FollowUpConversationId == r.Id || x.InvitationConversationId == r.Id)
            .OrderByDescending(x => x.FollowUpConversationId == r.Id).ThenByDescending(x => x.Id)
            .Select(x => new
            {
                Role = x.FollowUpConversationId == r.Id ? "follow-up" : "invitation",
                Dto = new Surveys.ConversationSurveyDto(x.Id, x.OrderId, db.Orders.Where(o => o.Id == x.OrderId).Select(o => o.Number).First(),
                    x.Channel, x.SentAt, x.AnsweredAt, x.Score, x.Nps, x.Comment),
            })
            .FirstOrDefaultAsync(ct);

        var now = time.GetUtcNow().UtcDateTime;
        var lastCustomerMessageAt = messages.Where(m => m.Dto.Sender == Senders.Customer).Select(m => (DateTime?)m.Dto.CreatedAt).Max();
        return new ConversationDetail(
            row.ToSummary(now),
            messages.Select(m => m.Dto with
            {
                Quoted = m.Quoted,
                ReplyTo = m.ReplyTo,
                SenderProof = m.SenderProof,
                Delivery = m.Delivery,
                Attachments = attachments.Contains(m.Dto.Id) ? attachments[m.Dto.Id].ToArray() : null,
            }).ToArray(),
            row.C.CustomerReadUpToId,
            ReplyLimits.For(row.ChannelKind, lastCustomerMessageAt, now))
        {
            Survey = survey?.Dto,
            SurveyRole = survey?.Role,
        };
    }
}
