namespace Helpdesk.Features.Agents;

/// <summary>How the signed-in agent wants to be told of new chats and messages: a sound, a desktop notification.</summary>
public sealed record GetMyPreferences(long AgentId) : IRequest<AgentPreferences>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/auth/me/preferences", (HttpContext http, IMediator m) =>
                m.Send(new GetMyPreferences(http.User.AgentId()), http.RequestAborted))
            .RequireAuthorization().WithTags("Agents");
}

public sealed record AgentPreferences(bool Sound, bool Desktop);

public sealed class GetMyPreferencesHandler(HelpdeskDbContext db) : IRequestHandler<GetMyPreferences, AgentPreferences>
{
    public async Task<AgentPreferences> Handle(GetMyPreferences r, CancellationToken ct) =>
        await db.Agents.AsNoTracking().Where(a => a.Id == r.AgentId)
            .Select(a => new AgentPreferences(!a.SoundOff, !a.DesktopOff)).FirstOrDefaultAsync(ct)
        ?? throw new UnauthorizedException("Not signed in.");
}
