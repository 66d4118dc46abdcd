using Helpdesk.Features.BusinessHours;

namespace Helpdesk.Features.Reports;

/// <summary>A period's reporting events of one kind, channel, agent, tier and survey kind on one store day, summed.</summary>
public sealed class ReportRow
{
    public required string Kind { get; init; }
    public DateOnly Day { get; init; }
    public long ChannelId { get; init; }
    /// <summary>0 when nobody did it.</summary>
    public long AgentId { get; init; }
    public required string Tier { get; init; }
    public string SurveyKind { get; init; } = "";
    public int Count { get; set; }
    public long ScoreSum { get; set; }
    public int Satisfied { get; set; }
    /// <summary>Read from a roll-up's text only when asked for: most reports look at a few kinds' durations only.</summary>
    public Durations Wall => _wall ??= Parse(_wallText);
    public Durations Business => _business ??= Parse(_businessText);
    private Durations? _wall, _business;
    private string? _wallText, _businessText;
    /// <summary>Events per local hour of <see cref="Day"/> (a roll-up's text parsed when first read: only the heatmap reads them).</summary>
    public int[] Hours => _hours ??= ParseHours(_hoursText);
    private int[]? _hours;
    private string? _hoursText;

    public void Add(ReportEvent e, TimeZoneInfo zone)
    {
        Count++;
        if (e.Seconds is { } seconds) Wall.Add(seconds);
        if (e.BusinessSeconds is { } business) Business.Add(business);
        if (e.Score is { } score)
        {
            ScoreSum += score;
            if (score >= 4) Satisfied++;
        }
        Hours[TimeZoneInfo.ConvertTimeFromUtc(e.At, zone).Hour]++;
    }

    /// <summary>A roll-up's durations, in <see cref="Durations"/>' text form, parsed when first read.</summary>
    public void SetDurations(string wall, string business) => (_wallText, _businessText) = (wall, business);

    /// <summary>A roll-up's hours, 24 numbers separated by commas, parsed when first read.</summary>
    public void SetHours(string hours) => _hoursText = hours;

    private static int[] ParseHours(string? text)
    {
        var hours = new int[24];
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var h = 0; h < Math.Min(24, parts.Length); h++) hours[h] = int.Parse(parts[h], System.Globalization.CultureInfo.InvariantCulture);
        return hours;
    }

    private static Durations Parse(string? text)
    {
        var durations = new Durations();
        if (!string.IsNullOrEmpty(text)) durations.AddText(text);
        return durations;
    }

    public static ReportRow For(ReportEvent e, DateOnly day) => new()
    {
        Kind = e.Kind, Day = day, ChannelId = e.ChannelId, AgentId = e.AgentId ?? 0, Tier = e.Tier, SurveyKind = e.SurveyKind ?? "",
    };
}

/// <summary>A period, its filters and the store's calendar.</summary>
public sealed record ReportPeriod(DateTime From, DateTime To, long? ChannelId, long? AgentId, TimeZoneInfo Zone)
{
    private readonly Schedule _calendar = new(Zone, [], []);

    public DateOnly LocalDate(DateTime utc) => _calendar.LocalDate(utc);

    /// <summary>When a store day begins.</summary>
    public DateTime Start(DateOnly day) => _calendar.ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The store days the period touches, in order.</summary>
    public IEnumerable<DateOnly> Days()
    {
        for (var day = LocalDate(From); day <= LocalDate(To.AddTicks(-1)); day = day.AddDays(1)) yield return day;
    }

    /// <summary>The period just before this one, as long as it.</summary>
    public ReportPeriod Previous() => this with { From = From - (To - From), To = From };
}

/// <summary>
/// Reads a period's reporting events as rows: the store days wholly inside it that are rolled up
/// from their roll-ups, the rest (the period's ragged ends, today, days not rolled up yet) from the
/// events themselves, so a year reads a few thousand rows and the current day is always exact.
/// </summary>
public static class ReportRows
{
    public static async Task<List<ReportRow>> LoadAsync(HelpdeskDbContext db, ReportPeriod p, IReadOnlyCollection<string> kinds, CancellationToken ct)
    {
        var (firstDay, endDay) = await RolledUpAsync(db, p, ct);
        var rows = new List<ReportRow>();
        if (firstDay < endDay)
        {
            var rollups = db.ReportRollups.AsNoTracking().Where(r => r.Day >= firstDay && r.Day < endDay && kinds.Contains(r.Kind));
            if (p.ChannelId is { } channel) rollups = rollups.Where(r => r.ChannelId == channel);
            foreach (var r in await rollups.ToListAsync(ct))
            {
                var row = new ReportRow
                {
                    Kind = r.Kind, Day = r.Day, ChannelId = r.ChannelId, AgentId = r.AgentId, Tier = r.Tier, SurveyKind = r.SurveyKind,
                    Count = r.Count, ScoreSum = r.ScoreSum, Satisfied = r.Satisfied,
                };
                row.SetDurations(r.Wall, r.Business);
                row.SetHours(r.Hours);
                rows.Add(row);
            }
            await AddEventsAsync(db, p, p.From, p.Start(firstDay), kinds, rows, ct);
            await AddEventsAsync(db, p, p.Start(endDay), p.To, kinds, rows, ct);
        }
        else await AddEventsAsync(db, p, p.From, p.To, kinds, rows, ct);
        return rows;
    }

    /// <summary>The run of rolled-up store days [first, end) that lies wholly inside the period, from its first whole day on.</summary>
    private static async Task<(DateOnly First, DateOnly End)> RolledUpAsync(HelpdeskDbContext db, ReportPeriod p, CancellationToken ct)
    {
        var whole = p.Days().Where(d => p.Start(d) >= p.From && p.Start(d.AddDays(1)) <= p.To).ToList();
        if (whole.Count == 0) return (default, default);
        var (first, last) = (whole[0], whole[^1]);
        var built = (await db.ReportDays.AsNoTracking().Where(d => d.Day >= first && d.Day <= last).Select(d => d.Day).ToListAsync(ct)).ToHashSet();
        var end = first;
        while (end <= last && built.Contains(end)) end = end.AddDays(1);
        return (first, end);
    }

    private static async Task AddEventsAsync(
        HelpdeskDbContext db, ReportPeriod p, DateTime from, DateTime to, IReadOnlyCollection<string> kinds, List<ReportRow> rows, CancellationToken ct)
    {
        if (from >= to) return;
        var events = db.ReportEvents.AsNoTracking().Where(e => kinds.Contains(e.Kind) && e.At >= from && e.At < to);
        if (p.ChannelId is { } channel) events = events.Where(e => e.ChannelId == channel);
        var byKey = new Dictionary<(string, DateOnly, long, long, string, string), ReportRow>();
        await foreach (var e in events.AsAsyncEnumerable().WithCancellation(ct))
        {
            var day = p.LocalDate(e.At);
            var key = (e.Kind, day, e.ChannelId, e.AgentId ?? 0, e.Tier, e.SurveyKind ?? "");
            if (!byKey.TryGetValue(key, out var row)) rows.Add(byKey[key] = row = ReportRow.For(e, day));
            row.Add(e, p.Zone);
        }
    }
}
