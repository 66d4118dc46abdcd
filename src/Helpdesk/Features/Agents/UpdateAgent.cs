using Helpdesk.Infrastructure.Text;
using System.Text.Json.Serialization;
using Helpdesk.Features.Chat;

namespace Helpdesk.Features.Agents;

/// <summary>
/// An admin renames an agent, sets the name and colour customers see, changes their role or chat capacity,
/// disables or re-enables them. Left out = unchanged; an empty display name clears it.
/// </summary>
public sealed record UpdateAgent(string? Name, string? Role, int? ChatCapacity, bool? Disabled, string? DisplayName = null, int? AvatarColor = null)
    : IRequest<AgentListItem>, IEndpoint
{
    [JsonIgnore] public long Id { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/agents/{id:long}", (long id, UpdateAgent request, IMediator m, CancellationToken ct) =>
                m.Send(request with { Id = id }, ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Agents");
}

public sealed class UpdateAgentValidator : AbstractValidator<UpdateAgent>
{
    public UpdateAgentValidator()
    {
        RuleFor(r => r.Name).AgentName().WithName("name").When(r => r.Name is not null);
        RuleFor(r => r.DisplayName).DisplayName().WithName("displayName");
        RuleFor(r => r.AvatarColor).AvatarColor();
        RuleFor(r => r.Role).Must(role => role is null || AgentRoles.All.Contains(role))
            .WithMessage("'role' must be agent or admin.");
        RuleFor(r => r.ChatCapacity).InclusiveBetween(0, 50);
    }
}

public sealed class UpdateAgentHandler(HelpdeskDbContext db, AgentPresence presence, InboxConnections connections)
    : IRequestHandler<UpdateAgent, AgentListItem>
{
    public async Task<AgentListItem> Handle(UpdateAgent r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.Id, ct) ?? throw new NotFoundException("Agent");
        var role = r.Role ?? agent.Role;
        var disabled = r.Disabled ?? agent.Disabled;
        var wasActiveAdmin = agent.Role == AgentRoles.Admin && !agent.Disabled;
        if (wasActiveAdmin && (role != AgentRoles.Admin || disabled)
            && !await db.Agents.AnyAsync(a => a.Id != agent.Id && a.Role == AgentRoles.Admin && !a.Disabled, ct))
            throw new ConflictException("At least one active admin must remain.");

        // Taking access away, or changing what it allows, ends the sessions opened under the old terms.
        var revoked = role != agent.Role || (disabled && !agent.Disabled);
        if (r.Name is not null) agent.Name = SafeText.Name(r.Name)!;
        if (r.ChatCapacity is { } capacity) agent.ChatCapacity = capacity;
        AgentProfileRules.ApplyDisplayName(agent, r.DisplayName);
        if (r.AvatarColor is { } color) agent.AvatarColor = color;
        agent.Role = role;
        agent.Disabled = disabled;
        if (revoked) agent.SecurityStamp = Agent.NewSecurityStamp();
        await db.SaveChangesAsync(ct);
        if (revoked) connections.Close(agent.Id);
        return AgentListItem.Of(agent, presence);
    }
}
