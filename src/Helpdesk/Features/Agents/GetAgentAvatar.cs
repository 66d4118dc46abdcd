namespace Helpdesk.Features.Agents;

/// <summary>
/// An agent's picture, for the inbox. It is served as exactly the type its bytes were found to be, with
/// nosniff and a policy that sandboxes it, so whatever hides in it is never run as a page or script.
/// The address changes with each new picture (?v=), so it may be cached for long.
/// </summary>
public sealed record GetAgentAvatar(long Id) : IRequest<AgentAvatar>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/agents/{id:long}/avatar", async (long id, HttpContext http, IMediator m) =>
            {
                var avatar = await m.Send(new GetAgentAvatar(id), http.RequestAborted);
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
                headers.CacheControl = "private, max-age=604800, immutable";
                headers.ContentDisposition = "inline; filename=\"avatar\"";
                return Results.File(avatar.Image, avatar.ContentType);
            })
            .RequireAuthorization().WithTags("Agents");
}

public sealed class GetAgentAvatarHandler(HelpdeskDbContext db) : IRequestHandler<GetAgentAvatar, AgentAvatar>
{
    public async Task<AgentAvatar> Handle(GetAgentAvatar r, CancellationToken ct) =>
        await db.AgentAvatars.AsNoTracking().FirstOrDefaultAsync(a => a.AgentId == r.Id, ct) ?? throw new NotFoundException("Avatar");
}
