using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;

namespace Helpdesk.Features.BusinessHours;

/// <summary>Replaces a channel's business hours as a whole; a rejected schedule leaves the saved one as it was.</summary>
public sealed record SetBusinessHours(
    long ChannelId, string? TimeZone, List<WeeklyHoursDto>? Weekly, List<HoursExceptionDto>? Exceptions)
    : IRequest<BusinessHoursDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/channels/{id:long}/business-hours", (long id, BusinessHoursDto hours, IMediator m, CancellationToken ct) =>
                m.Send(new SetBusinessHours(id, hours.TimeZone, hours.Weekly, hours.Exceptions), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Business hours");
}

public sealed class SetBusinessHoursValidator : AbstractValidator<SetBusinessHours>
{
    public const int MaxWeekly = 100;
    public const int MaxExceptions = 2000;

    public SetBusinessHoursValidator()
    {
        RuleFor(h => h.TimeZone).Must(BeKnownZone)
            .WithMessage("'timeZone' must be an IANA time zone such as Europe/Copenhagen.");
        RuleFor(h => h.Weekly).NotNull().WithMessage("'weekly' must be given; an empty list means always open.")
            .Must(w => w is null || w.Count <= MaxWeekly)
            .WithMessage($"'weekly' may hold at most {MaxWeekly} intervals.");
        RuleForEach(h => h.Weekly).NotNull().ChildRules(w =>
        {
            w.RuleFor(i => i.Day).Must(d => Days.Parse(d) is not null).WithMessage("'day' must be monday to sunday.");
            w.RuleFor(i => i.Open).Must(IsOpening).WithMessage(OpenMessage);
            w.RuleFor(i => i.Close).Must(IsClosing).WithMessage(CloseMessage);
        });
        RuleFor(h => h.Weekly).Custom((weekly, context) =>
        {
            if (weekly is null) return;
            var spans = weekly.Select((w, i) => (w, i))
                .Where(x => x.w is not null && Days.Parse(x.w.Day) is not null && IsOpening(x.w.Open) && IsClosing(x.w.Close))
                .SelectMany(x => OnTheWeek(x.w, x.i));
            foreach (var (index, other) in Overlaps(spans))
                context.AddFailure($"weekly[{index}]", $"'weekly[{index}]' ({Describe(weekly[index])}) overlaps 'weekly[{other}]' ({Describe(weekly[other])}).");
        });

        RuleFor(h => h.Exceptions).NotNull().WithMessage("'exceptions' must be given; it may be an empty list.")
            .Must(e => e is null || e.Count <= MaxExceptions)
            .WithMessage($"'exceptions' may hold at most {MaxExceptions} dates.");
        RuleForEach(h => h.Exceptions).NotNull().ChildRules(e =>
        {
            e.RuleFor(x => x.Date).Must(Dates.IsValid).WithMessage("'date' must be a date as yyyy-MM-dd.");
            e.RuleFor(x => x.Name).Must(n => !string.IsNullOrWhiteSpace(n) && n.Trim().Length <= 100)
                .WithMessage("'name' must be 1 to 100 characters, such as Christmas Eve.");
            e.RuleFor(x => x.Hours).Must(h => h is not { Count: > 0 }).When(x => x.Closed)
                .WithMessage("'hours' must be empty on a closed day.");
            e.RuleFor(x => x.Hours).NotEmpty().When(x => !x.Closed)
                .WithMessage("'hours' must list the special opening hours, or the day must be closed.");
            e.RuleForEach(x => x.Hours).NotNull().ChildRules(h =>
            {
                h.RuleFor(i => i.Open).Must(IsOpening).WithMessage(OpenMessage);
                h.RuleFor(i => i.Close).Must(IsClosing).WithMessage(CloseMessage);
            });
            e.RuleFor(x => x.Hours).Custom((hours, context) =>
            {
                if (hours is null) return;
                var spans = hours.Select((h, i) => (h, i)).Where(x => x.h is not null && IsOpening(x.h.Open) && IsClosing(x.h.Close))
                    .Select(x => (x.h.ToInterval().Open, x.h.ToInterval().End, x.i));
                foreach (var (index, other) in Overlaps(spans))
                    context.AddFailure($"hours[{index}]", $"'hours[{index}]' overlaps 'hours[{other}]'.");
            });
        });
        RuleFor(h => h.Exceptions).Custom((exceptions, context) =>
        {
            if (exceptions is null) return;
            var seen = new Dictionary<string, int>();
            for (var i = 0; i < exceptions.Count; i++)
            {
                if (exceptions[i]?.Date is not { } date || !Dates.IsValid(date)) continue;
                if (seen.TryGetValue(date, out var first))
                    context.AddFailure($"exceptions[{i}].date", $"'exceptions[{i}].date' repeats {date}, already given in 'exceptions[{first}]'.");
                else seen[date] = i;
            }
        });
    }

    private const string OpenMessage = "'open' must be a time of day as HH:mm, from 00:00 to 23:59.";
    private const string CloseMessage = "'close' must be a time of day as HH:mm, from 00:00 to 24:00.";

    private static bool IsOpening(string? time) => Times.Parse(time) is < Interval.Day;
    private static bool IsClosing(string? time) => Times.Parse(time) is not null;

    public static bool BeKnownZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId;

    /// <summary>Minutes from Monday 00:00; the week is a ring, so Sunday night runs on into Monday morning.</summary>
    private static IEnumerable<(int Start, int End, int Index)> OnTheWeek(WeeklyHoursDto w, int index)
    {
        const int week = 7 * Interval.Day;
        var interval = new Interval(Times.Parse(w.Open)!.Value, Times.Parse(w.Close)!.Value);
        var start = Days.Order(Days.Parse(w.Day)!.Value) * Interval.Day + interval.Open;
        var end = start + interval.Minutes;
        if (end <= week) return [(start, end, index)];
        return [(start, week, index), (0, end - week, index)];
    }

    private static string Describe(WeeklyHoursDto w) => $"{w.Day!.ToLowerInvariant()} {w.Open}–{w.Close}";

    /// <summary>Each span that begins before an earlier one has ended, with the span it collides with.</summary>
    private static IEnumerable<(int Index, int Other)> Overlaps(IEnumerable<(int Start, int End, int Index)> spans)
    {
        (int End, int Index)? furthest = null;
        var reported = new HashSet<int>();
        foreach (var s in spans.OrderBy(s => s.Start).ThenBy(s => s.End))
        {
            if (furthest is { } f && s.Start < f.End && f.Index != s.Index && reported.Add(s.Index))
                yield return (s.Index, f.Index);
            if (furthest is not { } g || s.End > g.End) furthest = (s.End, s.Index);
        }
    }
}

public sealed class SetBusinessHoursHandler(HelpdeskDbContext db, ChannelSchedules schedules, TimeProvider time)
    : IRequestHandler<SetBusinessHours, BusinessHoursDto>
{
    public async Task<BusinessHoursDto> Handle(SetBusinessHours r, CancellationToken ct)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == r.ChannelId, ct)) throw new NotFoundException("Channel");
        var hours = new BusinessHoursDto(r.TimeZone, r.Weekly, r.Exceptions).Normalized();
        await Save(db, r.ChannelId, hours, time, ct);
        schedules.Forget(r.ChannelId);
        return hours;
    }

    public static async Task Save(HelpdeskDbContext db, long channelId, BusinessHoursDto hours, TimeProvider time, CancellationToken ct)
    {
        var row = await db.ChannelHours.FirstOrDefaultAsync(h => h.ChannelId == channelId, ct);
        if (row is null) db.ChannelHours.Add(row = new ChannelHours { ChannelId = channelId, Json = "" });
        row.Json = hours.Write();
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
