using System.Text.Json.Serialization;

namespace Helpdesk.Features.Agents;

/// <summary>
/// An admin issues a new one-time invitation for an agent (a new one who lost the first link, or one who
/// should choose a new password themselves). Any earlier invitation stops working.
/// </summary>
public sealed record InviteAgent : IRequest<Invitation>, IEndpoint
{
    [JsonIgnore] public long Id { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/agents/{id:long}/invitation", (long id, IMediator m, CancellationToken ct) => m.Send(new InviteAgent { Id = id }, ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Agents");
}

public sealed class InviteAgentHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<InviteAgent, Invitation>
{
    public async Task<Invitation> Handle(InviteAgent r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.Id, ct) ?? throw new NotFoundException("Agent");
        if (agent.Disabled) throw new ConflictException("A disabled agent cannot be invited; enable them first.");
        var invitation = AgentInvitations.Issue(agent, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return invitation;
    }
}
