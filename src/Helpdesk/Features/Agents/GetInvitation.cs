namespace Helpdesk.Features.Agents;

/// <summary>Who an invitation is for, so the page that accepts it can greet them. Unknown or used: 404; expired: 410.</summary>
public sealed record GetInvitation(string Token) : IRequest<InvitationDetails>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/invitations/{token}", (string token, IMediator m, CancellationToken ct) => m.Send(new GetInvitation(token), ct))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).WithTags("Agents");

    /// <summary>The agent this token invites, if it still may be used; shared with accepting it.</summary>
    public static async Task<Agent> FindAsync(HelpdeskDbContext db, string? token, DateTime now, CancellationToken ct)
    {
        if (!AgentInvitations.LooksLikeToken(token)) throw new NotFoundException("Invitation");
        var hash = AgentInvitations.Hash(token!);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.InvitationHash == hash, ct);
        // A disabled agent's invitation opens nothing, and says no more than an unknown one.
        if (agent is null || agent.Disabled) throw new NotFoundException("Invitation");
        if (agent.InvitationExpiresAt is not { } expires || expires <= now)
            throw new GoneException("This invitation has expired; ask your admin for a new one.");
        return agent;
    }
}

public sealed record InvitationDetails(string Name, string Email, DateTime ExpiresAt);

public sealed class GetInvitationHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<GetInvitation, InvitationDetails>
{
    public async Task<InvitationDetails> Handle(GetInvitation r, CancellationToken ct)
    {
        var agent = await GetInvitation.FindAsync(db, r.Token, time.GetUtcNow().UtcDateTime, ct);
        return new InvitationDetails(agent.Name, agent.Email, agent.InvitationExpiresAt!.Value);
    }
}
