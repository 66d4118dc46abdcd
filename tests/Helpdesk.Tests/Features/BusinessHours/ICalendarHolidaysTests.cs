using Helpdesk.Features.BusinessHours;

namespace Helpdesk.Tests.Features.BusinessHours;

public class ICalendarHolidaysTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly DateOnly Until = Today.AddYears(3);

    private static string Calendar(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Holidays//DK//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(params string[] lines) =>
        "BEGIN:VEVENT\r\nUID:" + Guid.NewGuid() + "\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";

    [Fact]
    public void All_day_events_become_closed_days_named_by_their_summary()
    {
        var result = ICalendarHolidays.Parse(Calendar(
            Event("DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261227", "SUMMARY:Jul\\, juleaften og 2. juledag"),
            Event("DTSTART;VALUE=DATE:20270101", "SUMMARY:Nytårsdag")), Today, Until);

        Assert.Equal(
            [new(new(2026, 12, 24), "Jul, juleaften og 2. juledag"), new(new(2026, 12, 25), "Jul, juleaften og 2. juledag"),
             new(new(2026, 12, 26), "Jul, juleaften og 2. juledag"), new CalendarHoliday(new(2027, 1, 1), "Nytårsdag")],
            result.Holidays);
    }

    [Fact]
    public void Folded_lines_and_quoted_parameters_are_read()
    {
        var result = ICalendarHolidays.Parse(Calendar(
            Event("DTSTART;VALUE=DATE:20261231", "SUMMARY;LANGUAGE=\"de:DE\":Silves", " ter")), Today, Until);

        Assert.Equal("Silvester", Assert.Single(result.Holidays).Name);
    }

    [Fact]
    public void Yearly_events_repeat_up_to_the_horizon_and_skip_excluded_years()
    {
        var result = ICalendarHolidays.Parse(Calendar(
            Event("DTSTART;VALUE=DATE:20250517", "RRULE:FREQ=YEARLY", "EXDATE;VALUE=DATE:20270517", "SUMMARY:Grunnlovsdag")), Today, Until);

        Assert.Equal([new(2028, 5, 17), new(2029, 5, 17)], result.Holidays.Select(h => h.Date));
        Assert.Contains(result.Skipped, s => s.Date == new DateOnly(2026, 5, 17) && s.Reason == SkippedHoliday.Past);
    }

    [Fact]
    public void Timed_events_and_other_repetitions_are_skipped_with_a_reason()
    {
        var result = ICalendarHolidays.Parse(Calendar(
            Event("DTSTART:20261224T100000Z", "DTEND:20261224T130000Z", "SUMMARY:Team lunch"),
            Event("DTSTART;VALUE=DATE:20261201", "RRULE:FREQ=WEEKLY;BYDAY=TU", "SUMMARY:Stocktaking"),
            Event("DTSTART;VALUE=DATE:20261226", "STATUS:CANCELLED", "SUMMARY:Cancelled")), Today, Until);

        Assert.Empty(result.Holidays);
        Assert.Equal([SkippedHoliday.NotAllDay, SkippedHoliday.RepeatsOtherwise], result.Skipped.Select(s => s.Reason));
    }

    [Fact]
    public void Alarms_inside_an_event_do_not_confuse_it()
    {
        var result = ICalendarHolidays.Parse(Calendar(
            Event("DTSTART;VALUE=DATE:20261224", "SUMMARY:Ziemassvētku vakars",
                "BEGIN:VALARM", "TRIGGER:-PT15M", "DESCRIPTION:Reminder", "ACTION:DISPLAY", "END:VALARM")), Today, Until);

        Assert.Equal("Ziemassvētku vakars", Assert.Single(result.Holidays).Name);
    }

    [Theory]
    [InlineData("just some text", "Line 1")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nEND:VEVENT\r\n", "never closed")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-12-24\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "Line 3")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:No date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "no DTSTART")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "does not close")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261224\r\nDTEND;VALUE=DATE:20261220\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "must last")]
    [InlineData("", "not an iCalendar file")]
    public void Malformed_files_are_refused_with_the_line_and_the_reason(string text, string expected)
    {
        var error = Assert.Throws<ICalendarFormatException>(() => ICalendarHolidays.Parse(text, Today, Until));

        Assert.Contains(expected, error.Message);
    }
}
