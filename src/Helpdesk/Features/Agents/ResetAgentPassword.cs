using System.Text.Json.Serialization;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

/// <summary>An admin sets a new password for an agent who lost theirs; the agent's sessions end.</summary>
public sealed record ResetAgentPassword(string? Password) : IRequest, IEndpoint
{
    [JsonIgnore] public long Id { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/agents/{id:long}/password", async (long id, ResetAgentPassword request, IMediator m, CancellationToken ct) =>
            {
                await m.Send(request with { Id = id }, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Agents");
}

public sealed class ResetAgentPasswordValidator : AbstractValidator<ResetAgentPassword>
{
    public ResetAgentPasswordValidator() => RuleFor(r => r.Password).AgentPassword();
}

public sealed class ResetAgentPasswordHandler(HelpdeskDbContext db, IPasswordHasher<Agent> hasher, InboxConnections connections)
    : IRequestHandler<ResetAgentPassword, Unit>
{
    public async Task<Unit> Handle(ResetAgentPassword r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.Id, ct) ?? throw new NotFoundException("Agent");
        agent.SetPassword(hasher, r.Password!);
        await db.SaveChangesAsync(ct);
        connections.Close(agent.Id);
        return Unit.Value;
    }
}
