namespace Helpdesk.Features.Surveys;

public sealed record UnsubscribeResult(bool Unsubscribed);

/// <summary>
/// The unsubscribe link of every invitation: no more surveys for this customer. It keeps working
/// after the survey closed, and a mail program's one-click POST (RFC 8058) lands here too.
/// </summary>
public sealed record UnsubscribeFromSurveys(string Token) : IRequest<UnsubscribeResult>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/surveys/{token}/unsubscribe", (string token, IMediator m, CancellationToken ct) =>
                m.Send(new UnsubscribeFromSurveys(token), ct))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).WithTags("Surveys");
}

public sealed class UnsubscribeFromSurveysHandler(HelpdeskDbContext db, TimeProvider time, ILogger<UnsubscribeFromSurveysHandler> log)
    : IRequestHandler<UnsubscribeFromSurveys, UnsubscribeResult>
{
    public async Task<UnsubscribeResult> Handle(UnsubscribeFromSurveys r, CancellationToken ct)
    {
        var survey = await SurveyTokens.FindAsync(db, r.Token, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Customers.Where(c => c.Id == survey.CustomerId && c.SurveysUnsubscribedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SurveysUnsubscribedAt, now), ct);
        if (changed > 0) log.LogInformation("Customer {CustomerId} unsubscribed from surveys", survey.CustomerId);
        return new UnsubscribeResult(true);
    }
}
