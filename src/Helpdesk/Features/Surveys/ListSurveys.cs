namespace Helpdesk.Features.Surveys;

public sealed record SurveyDay(DateOnly Date, int Sent, int Answered, double? AverageScore);
public sealed record SurveyCustomer(long Id, string Name);
public sealed record SurveyAgent(long Id, string Name);
/// <param name="Kind"><c>purchase</c> (with the order) or <c>conversation</c> (with the conversation, and the agent credited).</param>
public sealed record SurveyItem(
    long Id, long? OrderId, string? OrderNumber, SurveyCustomer Customer, string? Channel, string? Locale, DateTime? SentAt,
    DateTime? AnsweredAt, int? Score, int? Nps, string? Comment, long? FollowUpConversationId,
    string Kind, long? ConversationId, SurveyAgent? Agent);

/// <param name="SatisfiedShare">Share of answers scoring 4 or 5.</param>
public sealed record SurveyResults(
    int Sent, int Answered, double? ResponseRate, double? AverageScore, double? SatisfiedShare, double? AverageNps,
    SurveyDay[] ByDay, SurveyItem[] Items);

/// <summary>How the invitations sent in a period were answered, day by day, with the latest answers.</summary>
public sealed record ListSurveys(DateTime? From, DateTime? To, string? Channel) : IRequest<SurveyResults>, IEndpoint
{
    public const int MaxItems = 200;
    public const int MaxDays = 366;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/surveys", (DateTime? from, DateTime? to, string? channel, IMediator m, CancellationToken ct) =>
                m.Send(new ListSurveys(from, to, channel), ct))
            .RequireAuthorization().WithTags("Surveys");
}

public sealed class ListSurveysValidator : AbstractValidator<ListSurveys>
{
    public ListSurveysValidator(TimeProvider time)
    {
        RuleFor(r => r.Channel).Must(c => c is null || SurveyChannels.All.Contains(c))
            .WithMessage("'channel' must be widget, email or messenger.");
        RuleFor(r => r.To).Must((r, to) => r.From is null || to is null || r.From < to).WithMessage("'to' must be after 'from'.");
        RuleFor(r => r.From).Must((r, from) => from is null || ((r.To ?? time.GetUtcNow().UtcDateTime) - from.Value).TotalDays <= ListSurveys.MaxDays)
            .WithMessage($"'from' may be at most {ListSurveys.MaxDays} days before 'to' (or now).");
    }
}

public sealed class ListSurveysHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<ListSurveys, SurveyResults>
{
    /// <summary>A time without a zone ("2026-11-01") is taken as UTC.</summary>
    private static DateTime Utc(DateTime t) => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();

    public async Task<SurveyResults> Handle(ListSurveys r, CancellationToken ct)
    {
        var to = r.To is { } until ? Utc(until) : time.GetUtcNow().UtcDateTime;
        var from = r.From is { } since ? Utc(since) : to.AddDays(-30);
        var sent = db.Surveys.AsNoTracking().Where(s => s.SentAt >= from && s.SentAt < to);
        if (r.Channel is { } channel) sent = sent.Where(s => s.Channel == channel);

        var all = await sent.Select(s => new { SentAt = s.SentAt!.Value, s.AnsweredAt, s.Score, s.Nps }).ToListAsync(ct);
        var answered = all.Where(s => s.Score is not null).ToList();
        double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
        double? Round(double? v) => v is { } x ? Math.Round(x, 2) : null;

        var days = new List<SurveyDay>();
        var byDay = all.ToLookup(s => DateOnly.FromDateTime(s.SentAt));
        for (var day = DateOnly.FromDateTime(from); day <= DateOnly.FromDateTime(to.AddTicks(-1)); day = day.AddDays(1))
        {
            var scores = byDay[day].Where(s => s.Score is not null).Select(s => (double)s.Score!.Value).ToList();
            days.Add(new SurveyDay(day, byDay[day].Count(), scores.Count, scores.Count == 0 ? null : Round(scores.Average())));
        }

        var items = await sent.OrderByDescending(s => s.AnsweredAt ?? s.SentAt).ThenByDescending(s => s.Id).Take(ListSurveys.MaxItems)
            .Select(s => new SurveyItem(s.Id, s.OrderId, db.Orders.Where(o => o.Id == s.OrderId).Select(o => o.Number).FirstOrDefault(),
                db.Customers.Where(c => c.Id == s.CustomerId).Select(c => new SurveyCustomer(c.Id, c.Name)).First(),
                s.Channel, s.Locale, s.SentAt, s.AnsweredAt, s.Score, s.Nps, s.Comment, s.FollowUpConversationId,
                s.Kind, s.ConversationId, db.Agents.Where(a => a.Id == s.AgentId).Select(a => new SurveyAgent(a.Id, a.Name)).FirstOrDefault()))
            .ToListAsync(ct);

        var npsAnswers = answered.Where(s => s.Nps is not null).Select(s => (double)s.Nps!.Value).ToList();
        return new SurveyResults(
            all.Count, answered.Count, Round(Share(answered.Count, all.Count)),
            answered.Count == 0 ? null : Round(answered.Average(s => s.Score!.Value)),
            Round(Share(answered.Count(s => s.Score >= 4), answered.Count)),
            npsAnswers.Count == 0 ? null : Round(npsAnswers.Average()),
            days.ToArray(), items.ToArray());
    }
}
