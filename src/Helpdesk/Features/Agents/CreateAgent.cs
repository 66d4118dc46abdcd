using Helpdesk.Infrastructure.Text;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

/// <summary>
/// An admin adds an agent, either with a password the admin chose and passes on, or (<c>invite</c>) with
/// none: the answer then carries a one-time invitation with which the agent sets their own.
/// </summary>
public sealed record CreateAgent(
    string? Name, string? Email, string? Password, string? Role, int? ChatCapacity,
    string? DisplayName = null, int? AvatarColor = null, bool? Invite = null)
    : IRequest<CreatedAgent>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/agents", async (CreateAgent request, IMediator m, CancellationToken ct) =>
            {
                var agent = await m.Send(request, ct);
                return Results.Created($"/api/agents/{agent.Id}", agent);
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Agents").Produces<CreatedAgent>(StatusCodes.Status201Created);
}

/// <summary>The new agent; <c>Invitation</c> only when one was asked for, and never again afterwards.</summary>
public sealed record CreatedAgent(long Id, string Name, string Email, string Role, string? DisplayName, int AvatarColor, Invitation? Invitation);

public sealed class CreateAgentValidator : AbstractValidator<CreateAgent>
{
    public CreateAgentValidator()
    {
        RuleFor(r => r.Name).AgentName().WithName("name");
        RuleFor(r => r.Email).NotEmpty().MaximumLength(320).EmailAddress();
        RuleFor(r => r.Password).AgentPassword().When(r => r.Invite != true);
        RuleFor(r => r.Password).Null().When(r => r.Invite == true)
            .WithMessage("'password' must be left out when the agent is invited to choose their own.");
        RuleFor(r => r.Role).Must(role => role is null || AgentRoles.All.Contains(role))
            .WithMessage("'role' must be agent or admin.");
        RuleFor(r => r.ChatCapacity).InclusiveBetween(0, 50);
        RuleFor(r => r.DisplayName).DisplayName().WithName("displayName");
        RuleFor(r => r.AvatarColor).AvatarColor();
    }
}

public sealed class CreateAgentHandler(HelpdeskDbContext db, IPasswordHasher<Agent> hasher, TimeProvider time)
    : IRequestHandler<CreateAgent, CreatedAgent>
{
    public async Task<CreatedAgent> Handle(CreateAgent r, CancellationToken ct)
    {
        var email = r.Email!.Trim().ToLowerInvariant();
        if (await db.Agents.AnyAsync(a => a.Email == email, ct))
            throw new ConflictException("An agent with this email already exists.");
        var now = time.GetUtcNow().UtcDateTime;
        var agent = new Agent
        {
            Name = SafeText.Name(r.Name)!, Email = email, Role = r.Role ?? AgentRoles.Agent,
            ChatCapacity = r.ChatCapacity ?? 5, CreatedAt = now, AvatarColor = r.AvatarColor ?? 0,
        };
        AgentProfileRules.ApplyDisplayName(agent, r.DisplayName);
        Invitation? invitation = null;
        if (r.Invite == true) invitation = AgentInvitations.Issue(agent, now);
        else agent.SetPassword(hasher, r.Password!);
        db.Agents.Add(agent);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("An agent with this email already exists.");
        }
        return new CreatedAgent(agent.Id, agent.Name, agent.Email, agent.Role, agent.DisplayName, agent.AvatarColor, invitation);
    }
}
