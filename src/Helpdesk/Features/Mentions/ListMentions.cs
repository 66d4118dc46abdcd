using Helpdesk.Features.Agents;
using Helpdesk.Features.Chat;

namespace Helpdesk.Features.Mentions;

/// <summary>The signed-in agent's mentions, newest first (at most 100); with <c>unread=true</c> only those not yet read.</summary>
public sealed record ListMentions(long AgentId, bool Unread) : IRequest<MentionDto[]>, IEndpoint
{
    public const int Limit = 100;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/mentions", (bool? unread, HttpContext http, IMediator m) =>
                m.Send(new ListMentions(http.User.AgentId(), unread ?? false), http.RequestAborted))
            .RequireAuthorization().WithTags("Mentions");
}

public sealed class ListMentionsHandler(HelpdeskDbContext db) : IRequestHandler<ListMentions, MentionDto[]>
{
    public async Task<MentionDto[]> Handle(ListMentions r, CancellationToken ct)
    {
        var rows = await db.Mentions.AsNoTracking()
            .Where(m => m.AgentId == r.AgentId && (!r.Unread || m.ReadAt == null))
            .OrderByDescending(m => m.Id).Take(ListMentions.Limit)
            .Select(m => new
            {
                m.Id, m.ConversationId, m.MessageId, m.ByAgentId, m.CreatedAt, m.ReadAt,
                By = db.Agents.Where(a => a.Id == m.ByAgentId).Select(a => a.Name).First(),
                Body = db.Messages.Where(x => x.Id == m.MessageId).Select(x => x.Body).First(),
            })
            .ToListAsync(ct);
        return rows.Select(m => new MentionDto(m.Id, m.ConversationId, m.MessageId, new ViewerDto(m.ByAgentId, m.By),
            Mention.PreviewOf(m.Body), m.CreatedAt, m.ReadAt)).ToArray();
    }
}
