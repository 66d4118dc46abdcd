namespace Helpdesk.Features.Surveys;

public sealed record GetSurveySettings : IRequest<SurveySettingsDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/surveys/settings", (IMediator m, CancellationToken ct) => m.Send(new GetSurveySettings(), ct))
            .RequireAuthorization().WithTags("Surveys");
}

public sealed class GetSurveySettingsHandler(HelpdeskDbContext db) : IRequestHandler<GetSurveySettings, SurveySettingsDto>
{
    public async Task<SurveySettingsDto> Handle(GetSurveySettings r, CancellationToken ct) =>
        SurveySettingsDto.From(await SurveySettingsStore.GetAsync(db, ct));
}

public static class SurveySettingsStore
{
    /// <summary>The saved settings, or the defaults when none were saved.</summary>
    public static async Task<SurveySettings> GetAsync(HelpdeskDbContext db, CancellationToken ct) =>
        await db.SurveySettings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SurveySettings.SingletonId, ct) ?? new SurveySettings();
}
