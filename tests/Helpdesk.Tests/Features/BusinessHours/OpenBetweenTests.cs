using Helpdesk.Features.BusinessHours;

namespace Helpdesk.Tests.Features.BusinessHours;

/// <summary>How much of a wait lies inside opening hours, as the reports count business time.</summary>
public class OpenBetweenTests
{
    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    private static DateTime Utc(string iso) =>
        DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static Schedule NineToFive(params ScheduleException[] exceptions) =>
        new(Copenhagen, [.. Weekdays.Select(d => new WeeklyInterval(d, new Interval(9 * 60, 17 * 60)))], exceptions);

    [Fact]
    public void Counts_only_the_open_part_of_a_wait_over_a_closed_night()
    {
        // Monday 30 November 2026, Copenhagen is UTC+1: from Monday 16:00 to Tuesday 10:00 local, one hour each side of the night.
        var schedule = NineToFive();
        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-11-30T15:00:00"), Utc("2026-12-01T09:00:00")));
        // Friday 16:30 to Monday 09:15: half an hour, the weekend, a quarter of an hour.
        Assert.Equal(TimeSpan.FromMinutes(45), schedule.OpenBetween(Utc("2026-12-04T15:30:00"), Utc("2026-12-07T08:15:00")));
        // Wholly inside, and wholly outside.
        Assert.Equal(TimeSpan.FromMinutes(7), schedule.OpenBetween(Utc("2026-12-01T10:00:00"), Utc("2026-12-01T10:07:00")));
        Assert.Equal(TimeSpan.Zero, schedule.OpenBetween(Utc("2026-12-05T10:00:00"), Utc("2026-12-06T20:00:00")));
    }

    [Fact]
    public void A_holiday_counts_nothing_and_a_day_with_its_own_hours_counts_those()
    {
        // Thursday 24 December closed; Friday 25 December open 10:00–12:00 only.
        var schedule = NineToFive(
            new ScheduleException(new DateOnly(2026, 12, 24), "Juleaften", true, []),
            new ScheduleException(new DateOnly(2026, 12, 25), "Juledag", false, [new Interval(10 * 60, 12 * 60)]));

        // Wednesday 16:00 to Friday 11:00 local: Wednesday's last hour, nothing on Thursday, Friday 10–11.
        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-12-23T15:00:00"), Utc("2026-12-25T10:00:00")));
        Assert.Equal(TimeSpan.Zero, schedule.OpenBetween(Utc("2026-12-23T23:00:00"), Utc("2026-12-24T23:00:00")));
        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-12-25T07:00:00"), Utc("2026-12-25T20:00:00")));
    }

    [Fact]
    public void A_split_shift_leaves_its_lunch_break_out()
    {
        // Monday 09–12 and 13–17.
        var schedule = new Schedule(Copenhagen,
            [new WeeklyInterval(DayOfWeek.Monday, new Interval(13 * 60, 17 * 60)), new WeeklyInterval(DayOfWeek.Monday, new Interval(9 * 60, 12 * 60))], []);

        // 11:00 to 14:00 local: an hour before lunch, an hour after.
        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-11-30T10:00:00"), Utc("2026-11-30T13:00:00")));
        Assert.Equal(TimeSpan.Zero, schedule.OpenBetween(Utc("2026-11-30T11:10:00"), Utc("2026-11-30T11:50:00")));
        Assert.Equal(TimeSpan.FromHours(7), schedule.OpenBetween(Utc("2026-11-30T00:00:00"), Utc("2026-12-01T00:00:00")));
    }

    [Fact]
    public void An_overnight_shift_counts_across_midnight()
    {
        // Saturday 22:00 to Sunday 06:00 local.
        var schedule = new Schedule(Copenhagen, [new WeeklyInterval(DayOfWeek.Saturday, new Interval(22 * 60, 6 * 60))], []);

        // Saturday 21:00 to Sunday 07:00 local (28–29 November 2026, UTC+1): the whole shift, eight hours.
        Assert.Equal(TimeSpan.FromHours(8), schedule.OpenBetween(Utc("2026-11-28T20:00:00"), Utc("2026-11-29T06:00:00")));
        // Sunday 01:00 to 03:00 local: past midnight, still in Saturday's shift.
        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-11-29T00:00:00"), Utc("2026-11-29T02:00:00")));
        // Saturday 23:30 to Sunday 00:30 local: over midnight.
        Assert.Equal(TimeSpan.FromHours(1), schedule.OpenBetween(Utc("2026-11-28T22:30:00"), Utc("2026-11-28T23:30:00")));
    }

    [Fact]
    public void An_overnight_shift_stops_at_the_midnight_of_a_holiday()
    {
        // Thursday 22:00–06:00 every week; Friday 25 December is a holiday, governed by its own entry alone.
        var schedule = new Schedule(Copenhagen, [new WeeklyInterval(DayOfWeek.Thursday, new Interval(22 * 60, 6 * 60))],
            [new ScheduleException(new DateOnly(2026, 12, 25), "Juledag", true, [])]);

        Assert.Equal(TimeSpan.FromHours(2), schedule.OpenBetween(Utc("2026-12-24T20:00:00"), Utc("2026-12-25T06:00:00")));
        // The week before, the same night counts in full.
        Assert.Equal(TimeSpan.FromHours(8), schedule.OpenBetween(Utc("2026-12-17T20:00:00"), Utc("2026-12-18T06:00:00")));
    }

    [Fact]
    public void Daylight_saving_changes_make_a_night_shift_shorter_or_longer_and_a_day_stays_nine_to_five_local()
    {
        // Europe changes clocks at 01:00 UTC on 29 March and 25 October 2026.
        var nights = new Schedule(Copenhagen, [new WeeklyInterval(DayOfWeek.Saturday, new Interval(22 * 60, 6 * 60))], []);
        Assert.Equal(TimeSpan.FromHours(7), nights.OpenBetween(Utc("2026-03-28T12:00:00"), Utc("2026-03-29T12:00:00")));
        Assert.Equal(TimeSpan.FromHours(9), nights.OpenBetween(Utc("2026-10-24T12:00:00"), Utc("2026-10-25T12:00:00")));

        var days = new Schedule(Copenhagen, [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyInterval(d, new Interval(9 * 60, 17 * 60)))], []);
        // Saturday 09:00 local is 08:00 UTC, Sunday 09:00 local is 07:00 UTC: eight hours each day either way.
        Assert.Equal(TimeSpan.FromHours(16), days.OpenBetween(Utc("2026-03-28T00:00:00"), Utc("2026-03-30T00:00:00")));
        Assert.Equal(TimeSpan.FromHours(1), days.OpenBetween(Utc("2026-03-29T07:00:00"), Utc("2026-03-29T08:00:00")));
        Assert.Equal(TimeSpan.Zero, days.OpenBetween(Utc("2026-03-28T07:00:00"), Utc("2026-03-28T08:00:00")));
    }

    [Fact]
    public void Nothing_lies_in_an_empty_or_backward_span_and_always_open_counts_everything()
    {
        Assert.Equal(TimeSpan.Zero, NineToFive().OpenBetween(Utc("2026-12-01T10:00:00"), Utc("2026-12-01T09:00:00")));
        Assert.Equal(TimeSpan.Zero, NineToFive().OpenBetween(Utc("2026-12-01T10:00:00"), Utc("2026-12-01T10:00:00")));
        Assert.Equal(TimeSpan.FromHours(30), Schedule.AlwaysOpen.OpenBetween(Utc("2026-12-01T10:00:00"), Utc("2026-12-02T16:00:00")));
    }
}
