namespace Helpdesk.Features.Agents;

public sealed record GetMe(long AgentId) : IRequest<AgentDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/auth/me", (HttpContext http, IMediator m) => m.Send(new GetMe(http.User.AgentId()), http.RequestAborted))
            .RequireAuthorization().WithTags("Agents");
}

public sealed class GetMeHandler(HelpdeskDbContext db) : IRequestHandler<GetMe, AgentDto>
{
    public async Task<AgentDto> Handle(GetMe r, CancellationToken ct) =>
        await db.Agents.AsNoTracking().Where(a => a.Id == r.AgentId).FirstOrDefaultAsync(ct) is { } agent
            ? AgentDto.Of(agent)
            : throw new UnauthorizedException("Not signed in.");
}
