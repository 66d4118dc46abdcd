using System.Text.Json.Serialization;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

/// <summary>
/// The invited agent chooses their password and is signed in. The invitation is used up in the same
/// save, so a second use of the link (or a copy of it) finds nothing; earlier sessions of that agent end.
/// </summary>
public sealed record AcceptInvitation(string? Password) : IRequest<Agent>, IEndpoint
{
    [JsonIgnore] public string Token { get; init; } = "";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/invitations/{token}", async (string token, AcceptInvitation request, HttpContext http, IMediator m) =>
            {
                var agent = await m.Send(request with { Token = token }, http.RequestAborted);
                await AgentCookie.SignInAsync(http, agent);
                return AgentDto.Of(agent);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).WithTags("Agents").Produces<AgentDto>();
}

public sealed class AcceptInvitationValidator : AbstractValidator<AcceptInvitation>
{
    public AcceptInvitationValidator() => RuleFor(r => r.Password).AgentPassword();
}

public sealed class AcceptInvitationHandler(HelpdeskDbContext db, IPasswordHasher<Agent> hasher, TimeProvider time, InboxConnections connections)
    : IRequestHandler<AcceptInvitation, Agent>
{
    public async Task<Agent> Handle(AcceptInvitation r, CancellationToken ct)
    {
        var agent = await GetInvitation.FindAsync(db, r.Token, time.GetUtcNow().UtcDateTime, ct);
        var used = agent.InvitationHash;
        agent.SetPassword(hasher, r.Password!);
        // Used up in the same statement that sets the password: of two acceptances at once, only one finds it.
        var accepted = await db.Agents.Where(a => a.Id == agent.Id && a.InvitationHash == used)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.PasswordHash, agent.PasswordHash)
                .SetProperty(a => a.SecurityStamp, agent.SecurityStamp)
                .SetProperty(a => a.InvitationHash, (byte[]?)null)
                .SetProperty(a => a.InvitationExpiresAt, (DateTime?)null), ct);
        if (accepted == 0) throw new NotFoundException("Invitation");
        connections.Close(agent.Id);
        return agent;
    }
}
