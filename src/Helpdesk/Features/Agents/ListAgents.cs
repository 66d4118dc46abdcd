using Helpdesk.Features.Chat;

namespace Helpdesk.Features.Agents;

public sealed record ListAgents : IRequest<AgentListItem[]>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/agents", (IMediator m, CancellationToken ct) => m.Send(new ListAgents(), ct))
            .RequireAuthorization().WithTags("Agents");
}

public sealed class ListAgentsHandler(HelpdeskDbContext db, AgentPresence presence) : IRequestHandler<ListAgents, AgentListItem[]>
{
    public async Task<AgentListItem[]> Handle(ListAgents r, CancellationToken ct)
    {
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        return agents.Select(a => AgentListItem.Of(a, presence)).ToArray();
    }
}
