using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// Replaces the survey settings; surveys already scheduled keep their due time. Without
/// <c>afterResolution</c> (a client older than it) asking after a resolution stays as it was.
/// </summary>
public sealed record UpdateSurveySettings(
    bool? Enabled, string? Trigger, int? DelayHours, int? CooldownDays, int? LowScoreThreshold, AfterResolutionSettings? AfterResolution = null)
    : IRequest<SurveySettingsDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/surveys/settings", (UpdateSurveySettings r, IMediator m, CancellationToken ct) => m.Send(r, ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Surveys");
}

public sealed class UpdateSurveySettingsValidator : AbstractValidator<UpdateSurveySettings>
{
    public const int MaxDelayHours = 720;
    public const int MaxCooldownDays = 365;
    /// <summary>A week: later than that, nobody remembers the conversation.</summary>
    public const int MaxAfterResolutionDelayMinutes = 10080;

    public UpdateSurveySettingsValidator()
    {
        RuleFor(r => r.Enabled).NotNull().WithMessage("'enabled' must be true or false.");
        RuleFor(r => r.Trigger).Must(t => t is not null && SurveyTriggers.All.Contains(t))
            .WithMessage("'trigger' must be delivered or fulfilled.");
        RuleFor(r => r.DelayHours).Must(v => v is >= 0 and <= MaxDelayHours)
            .WithMessage($"'delayHours' must be a whole number of hours from 0 to {MaxDelayHours}.");
        RuleFor(r => r.CooldownDays).Must(v => v is >= 0 and <= MaxCooldownDays)
            .WithMessage($"'cooldownDays' must be a whole number of days from 0 to {MaxCooldownDays}.");
        RuleFor(r => r.LowScoreThreshold).Must(v => v is >= 0 and <= 4)
            .WithMessage("'lowScoreThreshold' must be from 0 (no follow-ups) to 4.");
        RuleFor(r => r.AfterResolution!.Enabled).NotNull().When(r => r.AfterResolution is not null)
            .OverridePropertyName("afterResolution.enabled").WithMessage("'afterResolution.enabled' must be true or false.");
        RuleFor(r => r.AfterResolution!.DelayMinutes).Must(v => v is >= 0 and <= MaxAfterResolutionDelayMinutes).When(r => r.AfterResolution is not null)
            .OverridePropertyName("afterResolution.delayMinutes")
            .WithMessage($"'afterResolution.delayMinutes' must be a whole number of minutes from 0 to {MaxAfterResolutionDelayMinutes}.");
    }
}

public sealed class UpdateSurveySettingsHandler(HelpdeskDbContext db) : IRequestHandler<UpdateSurveySettings, SurveySettingsDto>
{
    public async Task<SurveySettingsDto> Handle(UpdateSurveySettings r, CancellationToken ct)
    {
        var settings = await db.SurveySettings.FirstOrDefaultAsync(s => s.Id == SurveySettings.SingletonId, ct);
        if (settings is null) settings = db.SurveySettings.Add(new SurveySettings()).Entity;
        settings.Enabled = r.Enabled!.Value;
        settings.Trigger = r.Trigger!;
        settings.DelayHours = r.DelayHours!.Value;
        settings.CooldownDays = r.CooldownDays!.Value;
        settings.LowScoreThreshold = r.LowScoreThreshold!.Value;
        if (r.AfterResolution is { } after)
        {
            settings.AfterResolutionEnabled = after.Enabled!.Value;
            settings.AfterResolutionDelayMinutes = after.DelayMinutes!.Value;
        }
        await db.SaveChangesAsync(ct);
        return SurveySettingsDto.From(settings);
    }
}
