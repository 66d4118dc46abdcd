using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Surveys;

/// <summary>What the survey page shows: whose order (none after a resolution), in which language, and the answer so far.</summary>
/// <param name="Kind"><c>purchase</c> or <c>conversation</c>.</param>
public sealed record SurveyPageDto(
    string StoreName, string? OrderNumber, string Locale, bool Answered, int? Score, int? Nps, string? Comment, DateTime? EditableUntil,
    string Kind);

/// <summary>A survey by its token, for the public survey page; no sign-in, the token is the key.</summary>
public sealed record GetSurvey(string Token) : IRequest<SurveyPageDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/surveys/{token}", (string token, IMediator m, CancellationToken ct) => m.Send(new GetSurvey(token), ct))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).RequireCors(Chat.StartWidgetSession.WidgetCors).WithTags("Surveys");
}

public sealed class GetSurveyHandler(HelpdeskDbContext db, IOptions<StoreOptions> store, TimeProvider time)
    : IRequestHandler<GetSurvey, SurveyPageDto>
{
    public async Task<SurveyPageDto> Handle(GetSurvey r, CancellationToken ct)
    {
        var survey = await SurveyTokens.OpenAsync(db, r.Token, time.GetUtcNow().UtcDateTime, ct);
        var orderNumber = await db.Orders.Where(o => o.Id == survey.OrderId).Select(o => o.Number).FirstOrDefaultAsync(ct);
        return SurveyTokens.Page(survey, store.Value.Name, orderNumber);
    }
}

public static class SurveyTokens
{
    /// <summary>A sent survey by its token: 404 for a token that names none, 410 once it can no longer be answered.</summary>
    public static async Task<Survey> OpenAsync(HelpdeskDbContext db, string token, DateTime now, CancellationToken ct)
    {
        var survey = await FindAsync(db, token, ct);
        if (SurveyRules.OpenUntil(survey) is not { } until || now >= until)
            throw new GoneException("This survey has closed.");
        return survey;
    }

    /// <summary>Only invitations on their way (a channel chosen) or sent have a working link.</summary>
    public static async Task<Survey> FindAsync(HelpdeskDbContext db, string token, CancellationToken ct) =>
        token.Length is > 0 and <= 64
            ? await db.Surveys.FirstOrDefaultAsync(s => s.Token == token && s.SentAt != null
                  && (s.Status == SurveyStatuses.Sent || s.Status == SurveyStatuses.Sending), ct)
              ?? throw new NotFoundException("Survey")
            : throw new NotFoundException("Survey");

    public static SurveyPageDto Page(Survey s, string storeName, string? orderNumber) =>
        new(storeName, orderNumber, s.Locale ?? CannedResponses.Languages.Fallback, s.AnsweredAt is not null, s.Score, s.Nps, s.Comment,
            s.AnsweredAt is null ? null : SurveyRules.OpenUntil(s), s.Kind);
}
