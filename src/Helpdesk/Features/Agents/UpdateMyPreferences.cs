using System.Text.Json.Serialization;

namespace Helpdesk.Features.Agents;

/// <summary>The signed-in agent switches the sound or the desktop notification on or off; both are always sent.</summary>
public sealed record UpdateMyPreferences(bool? Sound, bool? Desktop) : IRequest<AgentPreferences>, IEndpoint
{
    [JsonIgnore] public long AgentId { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/auth/me/preferences", (UpdateMyPreferences request, HttpContext http, IMediator m) =>
                m.Send(request with { AgentId = http.User.AgentId() }, http.RequestAborted))
            .RequireAuthorization().WithTags("Agents");
}

public sealed class UpdateMyPreferencesValidator : AbstractValidator<UpdateMyPreferences>
{
    public UpdateMyPreferencesValidator()
    {
        RuleFor(r => r.Sound).NotNull().WithMessage("'sound' must be true or false.");
        RuleFor(r => r.Desktop).NotNull().WithMessage("'desktop' must be true or false.");
    }
}

public sealed class UpdateMyPreferencesHandler(HelpdeskDbContext db) : IRequestHandler<UpdateMyPreferences, AgentPreferences>
{
    public async Task<AgentPreferences> Handle(UpdateMyPreferences r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.AgentId, ct) ?? throw new UnauthorizedException("Not signed in.");
        agent.SoundOff = r.Sound == false;
        agent.DesktopOff = r.Desktop == false;
        await db.SaveChangesAsync(ct);
        return new AgentPreferences(!agent.SoundOff, !agent.DesktopOff);
    }
}
