namespace Helpdesk.Features.Agents;

/// <summary>Back to initials: an admin for anyone, an agent for themselves.</summary>
public sealed record RemoveAgentAvatar(long Id, long CallerId, bool CallerIsAdmin) : IRequest<AgentDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/agents/{id:long}/avatar", (long id, HttpContext http, IMediator m) =>
                m.Send(new RemoveAgentAvatar(id, http.User.AgentId(), http.User.IsInRole(AgentRoles.Admin)), http.RequestAborted))
            .RequireAuthorization().WithTags("Agents");
}

public sealed class RemoveAgentAvatarHandler(HelpdeskDbContext db) : IRequestHandler<RemoveAgentAvatar, AgentDto>
{
    public async Task<AgentDto> Handle(RemoveAgentAvatar r, CancellationToken ct)
    {
        SetAgentAvatar.EnsureAllowed(r.Id, r.CallerId, r.CallerIsAdmin);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.Id, ct) ?? throw new NotFoundException("Agent");
        await db.AgentAvatars.Where(a => a.AgentId == r.Id).ExecuteDeleteAsync(ct);
        agent.AvatarVersion = null;
        await db.SaveChangesAsync(ct);
        return AgentDto.Of(agent);
    }
}
