using System.Globalization;
using System.Text.Json;

namespace Helpdesk.Features.BusinessHours;

/// <summary>A channel's saved business hours, kept as the document the API shows.</summary>
public sealed class ChannelHours
{
    public long ChannelId { get; set; }
    public required string Json { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The wire shape: local times as HH:mm, dates as yyyy-MM-dd, days by English name.</summary>
public sealed record BusinessHoursDto(string? TimeZone, List<WeeklyHoursDto>? Weekly, List<HoursExceptionDto>? Exceptions)
{
    public static readonly BusinessHoursDto None = new("UTC", [], []);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static BusinessHoursDto Read(string json) => JsonSerializer.Deserialize<BusinessHoursDto>(json, Json)!;

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <summary>The same schedule in a stable order, as it is saved and shown.</summary>
    public BusinessHoursDto Normalized() => new(
        TimeZone!.Trim(),
        [.. Weekly!.Select(w => new WeeklyHoursDto(w.Day!.ToLowerInvariant(), w.Open, w.Close))
            .OrderBy(w => Days.Order(Days.Parse(w.Day!)!.Value)).ThenBy(w => Times.Parse(w.Open)).ThenBy(w => Times.Parse(w.Close))],
        [.. Exceptions!.OrderBy(e => e.Date).Select(e => e with
        {
            Name = e.Name!.Trim(),
            Hours = e.Closed ? null : [.. e.Hours!.OrderBy(h => Times.Parse(h.Open))],
        })]);

    /// <summary>The schedule this document describes; it must have passed validation.</summary>
    public Schedule ToSchedule() => new(
        TimeZoneInfo.FindSystemTimeZoneById(TimeZone!.Trim()),
        [.. Weekly!.Select(w => new WeeklyInterval(Days.Parse(w.Day!)!.Value, new Interval(Times.Parse(w.Open)!.Value, Times.Parse(w.Close)!.Value)))],
        [.. Exceptions!.Select(e => new ScheduleException(
            DateOnly.ParseExact(e.Date!, Dates.Format, CultureInfo.InvariantCulture), e.Name!.Trim(), e.Closed,
            e.Closed ? [] : [.. e.Hours!.Select(h => h.ToInterval())]))]);
}

public sealed record WeeklyHoursDto(string? Day, string? Open, string? Close);

public sealed record HoursDto(string? Open, string? Close)
{
    public Interval ToInterval() => new(Times.Parse(Open)!.Value, Times.Parse(Close)!.Value);
}

public sealed record HoursExceptionDto(string? Date, string? Name, bool Closed, List<HoursDto>? Hours);

public static class Days
{
    public static readonly string[] Names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static DayOfWeek? Parse(string? name)
    {
        var i = Array.IndexOf(Names, name?.ToLowerInvariant());
        return i < 0 ? null : (DayOfWeek)i;
    }

    /// <summary>Monday first, as shops plan their week.</summary>
    public static int Order(DayOfWeek day) => ((int)day + 6) % 7;
}

public static class Times
{
    /// <summary>Minutes after midnight for HH:mm; 24:00 is the end of the day. Null when it is no time of day.</summary>
    public static int? Parse(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':' || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) return null;
        if (h == 24 && m == 0) return Interval.Day;
        return h < 24 && m < 60 ? h * 60 + m : null;
    }

    public static string Format(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}

public static class Dates
{
    public const string Format = "yyyy-MM-dd";

    public static bool IsValid(string? text) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
