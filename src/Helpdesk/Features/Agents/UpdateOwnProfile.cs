using System.Text.Json.Serialization;

namespace Helpdesk.Features.Agents;

/// <summary>
/// An agent changes their own name, the name customers see, or the colour of their initials. Left out =
/// unchanged; an empty display name clears it. The cookie is issued again at once, so their next reply
/// already carries the new name.
/// </summary>
public sealed record UpdateOwnProfile(string? Name, string? DisplayName, int? AvatarColor) : IRequest<Agent>, IEndpoint
{
    [JsonIgnore] public long AgentId { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/auth/profile", async (UpdateOwnProfile request, HttpContext http, IMediator m) =>
            {
                var agent = await m.Send(request with { AgentId = http.User.AgentId() }, http.RequestAborted);
                await AgentCookie.SignInAsync(http, agent);
                return AgentDto.Of(agent);
            })
            .RequireAuthorization().WithTags("Agents").Produces<AgentDto>();
}

public sealed class UpdateOwnProfileValidator : AbstractValidator<UpdateOwnProfile>
{
    public UpdateOwnProfileValidator()
    {
        RuleFor(r => r.Name).AgentName().WithName("name").When(r => r.Name is not null);
        RuleFor(r => r.DisplayName).DisplayName().WithName("displayName");
        RuleFor(r => r.AvatarColor).AvatarColor();
    }
}

public sealed class UpdateOwnProfileHandler(HelpdeskDbContext db) : IRequestHandler<UpdateOwnProfile, Agent>
{
    public async Task<Agent> Handle(UpdateOwnProfile r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.AgentId, ct) ?? throw new UnauthorizedException("Not signed in.");
        if (r.Name is not null) agent.Name = Infrastructure.Text.SafeText.Name(r.Name)!;
        AgentProfileRules.ApplyDisplayName(agent, r.DisplayName);
        if (r.AvatarColor is { } color) agent.AvatarColor = color;
        await db.SaveChangesAsync(ct);
        return agent;
    }
}
