using System.Globalization;
using System.Text;

namespace Helpdesk.Features.BusinessHours;

public sealed record CalendarHoliday(DateOnly Date, string Name);

/// <param name="Reason">Why, as a stable code: not-all-day, repeats-otherwise, past or already-set.</param>
public sealed record SkippedHoliday(DateOnly? Date, string Name, string Reason)
{
    public const string NotAllDay = "not-all-day";
    public const string RepeatsOtherwise = "repeats-otherwise";
    public const string Past = "past";
    public const string AlreadySet = "already-set";
}

public sealed record CalendarHolidays(IReadOnlyList<CalendarHoliday> Holidays, IReadOnlyList<SkippedHoliday> Skipped);

public sealed class ICalendarFormatException(int line, string message) : Exception($"Line {line}: {message}");

/// <summary>
/// Reads the all-day events of an iCalendar file (RFC 5545), as public-holiday calendars publish
/// them, into dated closures. Yearly recurring events are expanded up to <c>until</c>.
/// </summary>
public static class ICalendarHolidays
{
    private const int MaxEventDays = 366;

    public static CalendarHolidays Parse(string text, DateOnly today, DateOnly until)
    {
        var holidays = new List<CalendarHoliday>();
        var skipped = new List<SkippedHoliday>();
        var stack = new Stack<string>();
        Dictionary<string, ContentLine>? ev = null;
        var exDates = new HashSet<DateOnly>();
        var sawCalendar = false;

        foreach (var (number, line) in Unfold(text))
        {
            var content = ContentLine.Parse(number, line);
            switch (content.Name)
            {
                case "BEGIN":
                    var component = content.Value.ToUpperInvariant();
                    if (stack.Count == 0 && component != "VCALENDAR") throw new ICalendarFormatException(number, "the file must begin with BEGIN:VCALENDAR.");
                    if (stack.Count == 0 && sawCalendar) throw new ICalendarFormatException(number, "only one calendar is expected.");
                    sawCalendar = true;
                    stack.Push(component);
                    if (component == "VEVENT" && stack.Count == 2) (ev, exDates) = (new Dictionary<string, ContentLine>(), []);
                    break;
                case "END":
                    if (stack.Count == 0 || !stack.Peek().Equals(content.Value, StringComparison.OrdinalIgnoreCase))
                        throw new ICalendarFormatException(number, $"END:{content.Value} does not close {(stack.Count == 0 ? "anything" : "BEGIN:" + stack.Peek())}.");
                    if (stack.Pop() == "VEVENT" && stack.Count == 1 && ev is not null)
                    {
                        Event(number, ev, exDates, today, until, holidays, skipped);
                        ev = null;
                    }
                    break;
                default:
                    if (stack.Count == 0) throw new ICalendarFormatException(number, "the file must begin with BEGIN:VCALENDAR.");
                    if (ev is not null && stack.Count == 2)
                    {
                        if (content.Name == "EXDATE")
                            foreach (var value in content.Value.Split(','))
                                exDates.Add(ReadDate(number, value, out _));
                        else ev.TryAdd(content.Name, content);
                    }
                    break;
            }
        }
        if (!sawCalendar) throw new ICalendarFormatException(1, "the file is not an iCalendar file (no BEGIN:VCALENDAR).");
        if (stack.Count > 0) throw new ICalendarFormatException(text.Count(c => c == '\n') + 1, $"BEGIN:{stack.Peek()} is never closed.");
        return new CalendarHolidays(holidays, skipped);
    }

    private static void Event(int number, Dictionary<string, ContentLine> ev, HashSet<DateOnly> exDates, DateOnly today, DateOnly until,
        List<CalendarHoliday> holidays, List<SkippedHoliday> skipped)
    {
        var name = ev.TryGetValue("SUMMARY", out var summary) ? Unescape(summary.Value).Trim() : "";
        if (name.Length == 0) name = "Holiday";
        if (name.Length > 100) name = name[..100];
        if (!ev.TryGetValue("DTSTART", out var dtStart)) throw new ICalendarFormatException(number, $"the event \"{name}\" has no DTSTART.");
        var start = ReadDate(dtStart.Line, dtStart.Value, out var isDate);
        if (ev.TryGetValue("STATUS", out var status) && status.Value.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase)) return;
        if (!isDate || dtStart.Parameter("VALUE") is { } v && !v.Equals("DATE", StringComparison.OrdinalIgnoreCase))
        {
            skipped.Add(new SkippedHoliday(start, name, SkippedHoliday.NotAllDay));
            return;
        }

        var days = 1;
        if (ev.TryGetValue("DTEND", out var dtEnd))
            days = ReadDate(dtEnd.Line, dtEnd.Value, out _).DayNumber - start.DayNumber;
        else if (ev.TryGetValue("DURATION", out var duration))
            days = ReadDays(duration.Line, duration.Value);
        if (days is < 1 or > MaxEventDays)
            throw new ICalendarFormatException(dtStart.Line, $"the event \"{name}\" must last 1 to {MaxEventDays} days.");

        var firsts = ev.TryGetValue("RRULE", out var rule) ? Yearly(rule, start, until) : [start];
        if (firsts is null)
        {
            skipped.Add(new SkippedHoliday(start, name, SkippedHoliday.RepeatsOtherwise));
            return;
        }
        foreach (var first in firsts.Where(d => !exDates.Contains(d)))
            for (var i = 0; i < days; i++)
            {
                var date = first.AddDays(i);
                if (date < today) skipped.Add(new SkippedHoliday(date, name, SkippedHoliday.Past));
                else holidays.Add(new CalendarHoliday(date, name));
            }
    }

    /// <summary>The dates of a yearly rule (FREQ=YEARLY with INTERVAL, COUNT or UNTIL); null for any other rule.</summary>
    private static List<DateOnly>? Yearly(ContentLine rule, DateOnly start, DateOnly until)
    {
        var parts = rule.Value.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0].ToUpperInvariant(), p => p.Length > 1 ? p[1] : "");
        if (!parts.TryGetValue("FREQ", out var freq) || !freq.Equals("YEARLY", StringComparison.OrdinalIgnoreCase)) return null;
        if (parts.Keys.Any(k => k is not ("FREQ" or "INTERVAL" or "COUNT" or "UNTIL" or "WKST"))) return null;
        var interval = parts.TryGetValue("INTERVAL", out var i) ? ReadPositive(rule.Line, i, "INTERVAL") : 1;
        var count = parts.TryGetValue("COUNT", out var c) ? ReadPositive(rule.Line, c, "COUNT") : int.MaxValue;
        var last = parts.TryGetValue("UNTIL", out var u) ? ReadDate(rule.Line, u, out _) : until;
        if (last > until) last = until;

        var dates = new List<DateOnly>();
        for (var n = 0; n < count; n++)
        {
            var year = start.Year + n * interval;
            if (year > last.Year) break;
            // 29 February recurs only in leap years.
            if (start.Month == 2 && start.Day == 29 && !DateTime.IsLeapYear(year)) continue;
            var date = new DateOnly(year, start.Month, start.Day);
            if (date > last) break;
            dates.Add(date);
        }
        return dates;
    }

    private static int ReadPositive(int line, string value, string part) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : throw new ICalendarFormatException(line, $"RRULE {part} must be a positive number.");

    private static DateOnly ReadDate(int line, string value, out bool isDate)
    {
        value = value.Trim();
        isDate = value.Length == 8;
        if ((value.Length == 8 || value.Length >= 15 && value[8] == 'T')
            && DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new ICalendarFormatException(line, $"\"{value}\" is not a date (yyyyMMdd) or date-time.");
    }

    /// <summary>Whole days of an RFC 5545 duration such as P1D or P2W.</summary>
    private static int ReadDays(int line, string value)
    {
        var v = value.Trim().ToUpperInvariant();
        if (v.Length > 2 && v[0] == 'P' && int.TryParse(v.AsSpan(1, v.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (v[^1] == 'D') return n;
            if (v[^1] == 'W') return n * 7;
        }
        throw new ICalendarFormatException(line, $"\"{value}\" is not a duration in whole days or weeks (such as P1D).");
    }

    private static string Unescape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 == text.Length) { sb.Append(text[i]); continue; }
            var next = text[++i];
            sb.Append(next is 'n' or 'N' ? ' ' : next);
        }
        return sb.ToString();
    }

    /// <summary>Logical lines: a line break followed by a space or tab continues the line before.</summary>
    private static IEnumerable<(int Number, string Line)> Unfold(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var current = new StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && current.Length > 0)
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }
            if (current.Length > 0) yield return (start, current.ToString());
            current.Clear().Append(line);
            start = i + 1;
        }
        if (current.Length > 0) yield return (start, current.ToString());
    }

    private sealed record ContentLine(int Line, string Name, string Value, IReadOnlyDictionary<string, string> Parameters)
    {
        public string? Parameter(string name) => Parameters.GetValueOrDefault(name);

        /// <summary>NAME;PARAM=value;PARAM="quoted:value":VALUE</summary>
        public static ContentLine Parse(int number, string line)
        {
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var i = 0;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '-')) i++;
            if (i == 0 || i == line.Length) throw new ICalendarFormatException(number, $"\"{Shorten(line)}\" is not an iCalendar content line.");
            var name = line[..i].ToUpperInvariant();
            while (line[i] == ';')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0) throw new ICalendarFormatException(number, $"a parameter of {name} has no value.");
                var key = line[(i + 1)..eq];
                i = eq + 1;
                string value;
                if (i < line.Length && line[i] == '"')
                {
                    var close = line.IndexOf('"', i + 1);
                    if (close < 0) throw new ICalendarFormatException(number, $"a quoted parameter of {name} is not closed.");
                    value = line[(i + 1)..close];
                    i = close + 1;
                }
                else
                {
                    var end = line.IndexOfAny([';', ':'], i);
                    if (end < 0) throw new ICalendarFormatException(number, $"{name} has no value.");
                    value = line[i..end];
                    i = end;
                }
                parameters[key] = value;
                if (i >= line.Length) throw new ICalendarFormatException(number, $"{name} has no value.");
            }
            if (line[i] != ':') throw new ICalendarFormatException(number, $"\"{Shorten(line)}\" is not an iCalendar content line.");
            return new ContentLine(number, name, line[(i + 1)..], parameters);
        }

        private static string Shorten(string line) => line.Length <= 40 ? line : line[..40] + "…";
    }
}
