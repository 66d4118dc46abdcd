namespace Helpdesk.Features.Conversations;

public sealed record ConversationDetail(
    ConversationSummary Summary, MessageDto[] Messages, bool HasMoreMessages, long CustomerReadUpToId, ReplyLimitsDto ReplyLimits)
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
                // The summary's fields and the latest messages, side by side as the contract shows them.
                return new
                {
                    s.Id, s.Channel, s.Customer, s.Subject, s.Status, s.Assignee, s.Priority,
                    s.LastMessageAt, s.LastMessagePreview, s.UnreadCount, s.Labels, d.CustomerReadUpToId, d.ReplyLimits, d.Survey, d.SurveyRole, d.Messages, d.HasMoreMessages,
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
        // One more than a page tells whether there are older ones without counting them all.
        var latest = await ListConversationMessagesHandler.PageAsync(db, r.Id, null, ListConversationMessages.PageSize + 1, ct);
        var hasMore = latest.Length > ListConversationMessages.PageSize;
        var lastCustomerMessageAt = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == r.Id && m.Sender == Senders.Customer)
            .OrderByDescending(m => m.Id).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(ct);

        var survey = await db.Surveys.AsNoTracking()
            .Where(x => x.FollowUpConversationId == r.Id || x.InvitationConversationId == r.Id)
            .OrderByDescending(x => x.FollowUpConversationId == r.Id).ThenByDescending(x => x.Id)
            .Select(x => new
            {
                Role = x.FollowUpConversationId == r.Id ? "follow-up" : "invitation",
                Dto = new Surveys.ConversationSurveyDto(x.Id, x.OrderId, db.Orders.Where(o => o.Id == x.OrderId).Select(o => o.Number).FirstOrDefault(),
                    x.Channel, x.SentAt, x.AnsweredAt, x.Score, x.Nps, x.Comment),
            })
            .FirstOrDefaultAsync(ct);

        var now = time.GetUtcNow().UtcDateTime;
        return new ConversationDetail(
            row.ToSummary(now),
            hasMore ? latest[1..] : latest,
            hasMore,
            row.C.CustomerReadUpToId,
            ReplyLimits.For(row.ChannelKind, lastCustomerMessageAt, now))
        {
            Survey = survey?.Dto,
            SurveyRole = survey?.Role,
        };
    }
}
