namespace Helpdesk.Features.BusinessHours;

/// <summary>An opening interval in local wall-clock minutes; a close at or before the open runs past midnight.</summary>
public readonly record struct Interval(int Open, int Close)
{
    public const int Day = 24 * 60;
    public int Minutes => Close > Open ? Close - Open : Close + Day - Open;
    public int End => Open + Minutes;
}

public readonly record struct WeeklyInterval(DayOfWeek Day, Interval Hours);

/// <summary>A dated exception: closed all day, or open only in its own hours.</summary>
public sealed record ScheduleException(DateOnly Date, string Name, bool Closed, IReadOnlyList<Interval> Hours);

public sealed record ScheduleStatus(bool Open, DateTime? NextOpenAt, DateTime? NextCloseAt);

/// <summary>
/// When a channel is open. Times are local wall-clock times in the schedule's zone, turned into
/// instants day by day, so opening hours stay at 09:00 local across daylight-saving changes.
/// </summary>
/// <remarks>
/// A wall-clock time that a spring-forward skips, or a fall-back repeats, means the first instant
/// the clock shows that time or later. An exception day is governed by its own entry alone: an
/// interval from the day before that runs past midnight stops at the exception day's midnight.
/// </remarks>
public sealed class Schedule(TimeZoneInfo zone, IReadOnlyList<WeeklyInterval> weekly, IReadOnlyList<ScheduleException> exceptions)
{
    /// <summary>How far ahead the next opening or closing is looked for.</summary>
    public const int HorizonDays = 400;

    private static readonly Interval WholeDay = new(0, Interval.Day);

    private readonly Dictionary<DateOnly, ScheduleException> _exceptions = exceptions.ToDictionary(e => e.Date);
    private readonly ILookup<DayOfWeek, Interval> _weekly = weekly.OrderBy(w => w.Hours.Open).ToLookup(w => w.Day, w => w.Hours);

    public static readonly Schedule AlwaysOpen = new(TimeZoneInfo.Utc, [], []);

    public TimeZoneInfo Zone { get; } = zone;

    public bool IsAlwaysOpen => weekly.Count == 0 && _exceptions.Count == 0;

    private sealed record Known(DateTime From, DateTime Until, ScheduleStatus Status);

    /// <summary>The last answer and the span it holds for: every customer message asks, and the answer changes rarely.</summary>
    private Known? _known;

    public ScheduleStatus StatusAt(DateTime utc)
    {
        if (IsAlwaysOpen) return new ScheduleStatus(true, null, null);
        if (_known is { } known && known.From <= utc && utc < known.Until) return known.Status;
        var status = Compute(utc);
        // Nothing changes before the next opening or closing; an unknown one is looked for again tomorrow.
        var until = (status.Open ? status.NextCloseAt : status.NextOpenAt) ?? utc.AddDays(1);
        _known = new Known(utc, until, status);
        return status;
    }

    private ScheduleStatus Compute(DateTime utc)
    {
        var from = LocalDate(utc).AddDays(-1);
        var until = from.AddDays(HorizonDays);
        var horizon = ToUtc(until.ToDateTime(TimeOnly.MinValue));
        DateTime? Known(DateTime end) => end >= horizon ? null : end;

        using var periods = Merge(Periods(from, until)).Where(p => p.End > utc).GetEnumerator();
        if (!periods.MoveNext()) return new ScheduleStatus(false, null, null);
        var (start, end) = periods.Current;
        if (start > utc) return new ScheduleStatus(false, start, Known(end));
        return new ScheduleStatus(true, periods.MoveNext() ? periods.Current.Start : null, Known(end));
    }

    /// <summary>
    /// How much of [<paramref name="from"/>, <paramref name="to"/>) lies inside opening hours: holidays and
    /// other exceptions, split shifts and intervals past midnight counted as <see cref="StatusAt"/> counts them.
    /// </summary>
    public TimeSpan OpenBetween(DateTime from, DateTime to)
    {
        if (to <= from) return TimeSpan.Zero;
        if (IsAlwaysOpen) return to - from;
        var open = TimeSpan.Zero;
        foreach (var (start, end) in Merge(Periods(LocalDate(from).AddDays(-1), LocalDate(to).AddDays(1))))
        {
            if (end <= from) continue;
            if (start >= to) break;
            open += (end < to ? end : to) - (start > from ? start : from);
        }
        return open;
    }

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Zone));

    /// <summary>Opening periods of the local days from <paramref name="from"/> up to <paramref name="until"/>, in order.</summary>
    private IEnumerable<(DateTime Start, DateTime End)> Periods(DateOnly from, DateOnly until)
    {
        for (var day = from; day < until; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            var nextIsException = _exceptions.ContainsKey(day.AddDays(1));
            foreach (var hours in HoursOn(day))
            {
                var endMinutes = nextIsException ? Math.Min(hours.End, Interval.Day) : hours.End;
                var start = ToUtc(midnight.AddMinutes(hours.Open));
                var end = ToUtc(midnight.AddMinutes(endMinutes));
                if (end > start) yield return (start, end);
            }
        }
    }

    private IEnumerable<Interval> HoursOn(DateOnly day)
    {
        if (_exceptions.TryGetValue(day, out var exception))
            return exception.Closed ? [] : exception.Hours.OrderBy(h => h.Open);
        return weekly.Count == 0 ? [WholeDay] : _weekly[day.DayOfWeek];
    }

    /// <summary>Joins periods that touch or overlap: a day ending at midnight and the next starting there is one opening.</summary>
    private static IEnumerable<(DateTime Start, DateTime End)> Merge(IEnumerable<(DateTime Start, DateTime End)> periods)
    {
        (DateTime Start, DateTime End)? current = null;
        foreach (var p in periods)
        {
            if (current is { } c && p.Start <= c.End)
            {
                current = (c.Start, p.End > c.End ? p.End : c.End);
                continue;
            }
            if (current is { } done) yield return done;
            current = p;
        }
        if (current is { } last) yield return last;
    }

    /// <summary>The first instant at which the local clock shows <paramref name="local"/> or later.</summary>
    public DateTime ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsAmbiguousTime(local))
            return DateTime.SpecifyKind(local - Zone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        if (!Zone.IsInvalidTime(local))
            return DateTime.SpecifyKind(local - Zone.GetUtcOffset(local), DateTimeKind.Utc);

        // Skipped by a spring-forward: the answer is the transition itself, found between the two offsets.
        var before = Zone.GetUtcOffset(local.AddDays(-1));
        var after = Zone.GetUtcOffset(local.AddDays(1));
        var lo = DateTime.SpecifyKind(local - after, DateTimeKind.Utc);
        var hi = DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
        while (hi - lo > TimeSpan.FromSeconds(1))
        {
            var mid = lo + (hi - lo) / 2;
            if (Zone.GetUtcOffset(mid) == after) hi = mid; else lo = mid;
        }
        return new DateTime(hi.Ticks - hi.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
    }
}
