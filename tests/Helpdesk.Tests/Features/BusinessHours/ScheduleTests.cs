using Helpdesk.Features.BusinessHours;

namespace Helpdesk.Tests.Features.BusinessHours;

public class ScheduleTests
{
    private static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static Schedule Weekdays(string zone, int open = 9 * 60, int close = 17 * 60, params ScheduleException[] exceptions) => new(
        TimeZoneInfo.FindSystemTimeZoneById(zone),
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WeeklyInterval(d, new Interval(open, close)))],
        exceptions);

    private static Schedule EveryDay(string zone, int open, int close, params ScheduleException[] exceptions) => new(
        TimeZoneInfo.FindSystemTimeZoneById(zone),
        [.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyInterval(d, new Interval(open, close)))],
        exceptions);

    // Europe changes clocks at 01:00 UTC on the last Sundays of March and October: 29 March and 25 October 2026.
    [Theory]
    [InlineData("Europe/Copenhagen", "2026-03-28T08:00:00", "2026-03-29T07:00:00")]
    [InlineData("Europe/Berlin", "2026-03-28T08:00:00", "2026-03-29T07:00:00")]
    [InlineData("Europe/Oslo", "2026-03-28T08:00:00", "2026-03-29T07:00:00")]
    [InlineData("Europe/Riga", "2026-03-28T07:00:00", "2026-03-29T06:00:00")]
    public void Opening_time_stays_at_nine_local_across_the_spring_change(string zone, string saturdayOpens, string sundayOpens)
    {
        var schedule = EveryDay(zone, 9 * 60, 17 * 60);

        Assert.Equal(Utc(saturdayOpens), schedule.StatusAt(Utc("2026-03-28T00:30:00")).NextOpenAt);
        Assert.Equal(Utc(sundayOpens), schedule.StatusAt(Utc("2026-03-28T23:30:00")).NextOpenAt);
        Assert.False(schedule.StatusAt(Utc(sundayOpens).AddMinutes(-1)).Open);
        Assert.True(schedule.StatusAt(Utc(sundayOpens)).Open);
    }

    [Theory]
    [InlineData("Europe/Copenhagen", "2026-10-24T07:00:00", "2026-10-25T08:00:00")]
    [InlineData("Europe/Berlin", "2026-10-24T07:00:00", "2026-10-25T08:00:00")]
    [InlineData("Europe/Oslo", "2026-10-24T07:00:00", "2026-10-25T08:00:00")]
    [InlineData("Europe/Riga", "2026-10-24T06:00:00", "2026-10-25T07:00:00")]
    public void Opening_time_stays_at_nine_local_across_the_autumn_change(string zone, string saturdayOpens, string sundayOpens)
    {
        var schedule = EveryDay(zone, 9 * 60, 17 * 60);

        Assert.Equal(Utc(saturdayOpens), schedule.StatusAt(Utc("2026-10-24T00:30:00")).NextOpenAt);
        var sunday = schedule.StatusAt(Utc("2026-10-24T23:30:00"));
        Assert.Equal(Utc(sundayOpens), sunday.NextOpenAt);
        Assert.Equal(Utc(sundayOpens).AddHours(8), sunday.NextCloseAt);
    }

    [Fact]
    public void An_overnight_shift_over_the_spring_change_is_an_hour_shorter()
    {
        // Saturday 22:00 to Sunday 06:00 in Berlin: 21:00 UTC to 04:00 UTC, seven real hours.
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
            [new WeeklyInterval(DayOfWeek.Saturday, new Interval(22 * 60, 6 * 60))], []);

        var status = schedule.StatusAt(Utc("2026-03-28T20:00:00"));

        Assert.False(status.Open);
        Assert.Equal(Utc("2026-03-28T21:00:00"), status.NextOpenAt);
        Assert.Equal(Utc("2026-03-29T04:00:00"), status.NextCloseAt);
        Assert.True(schedule.StatusAt(Utc("2026-03-29T03:59:00")).Open);
        Assert.False(schedule.StatusAt(Utc("2026-03-29T04:00:00")).Open);
    }

    [Fact]
    public void An_overnight_shift_over_the_autumn_change_is_an_hour_longer()
    {
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"),
            [new WeeklyInterval(DayOfWeek.Saturday, new Interval(22 * 60, 6 * 60))], []);

        var status = schedule.StatusAt(Utc("2026-10-24T21:00:00"));

        Assert.True(status.Open);
        Assert.Equal(Utc("2026-10-25T05:00:00"), status.NextCloseAt);
        Assert.Equal(Utc("2026-10-31T21:00:00"), status.NextOpenAt);
    }

    [Fact]
    public void A_time_the_spring_change_skips_opens_when_the_clock_jumps()
    {
        // In Oslo 02:00 becomes 03:00 on 29 March; an opening at 02:30 happens at the jump (01:00 UTC).
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"),
            [new WeeklyInterval(DayOfWeek.Sunday, new Interval(2 * 60 + 30, 4 * 60))], []);

        var status = schedule.StatusAt(Utc("2026-03-28T23:00:00"));

        Assert.Equal(Utc("2026-03-29T01:00:00"), status.NextOpenAt);
        Assert.Equal(Utc("2026-03-29T02:00:00"), status.NextCloseAt);
    }

    [Fact]
    public void A_time_the_autumn_change_repeats_means_its_first_occurrence()
    {
        // In Riga 04:00 becomes 03:00 on 25 October; 03:30 first happens in summer time, at 00:30 UTC.
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Riga"),
            [new WeeklyInterval(DayOfWeek.Sunday, new Interval(3 * 60 + 30, 5 * 60))], []);

        var status = schedule.StatusAt(Utc("2026-10-24T23:00:00"));

        Assert.Equal(Utc("2026-10-25T00:30:00"), status.NextOpenAt);
        Assert.Equal(Utc("2026-10-25T03:00:00"), status.NextCloseAt);
    }

    [Fact]
    public void A_lunch_break_closes_and_reopens()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var schedule = new Schedule(zone,
            [new WeeklyInterval(DayOfWeek.Monday, new Interval(9 * 60, 12 * 60)), new WeeklyInterval(DayOfWeek.Monday, new Interval(13 * 60, 17 * 60))], []);

        // Monday 23 November 2026, Copenhagen is UTC+1.
        var morning = schedule.StatusAt(Utc("2026-11-23T09:00:00"));
        Assert.True(morning.Open);
        Assert.Equal(Utc("2026-11-23T11:00:00"), morning.NextCloseAt);
        Assert.Equal(Utc("2026-11-23T12:00:00"), morning.NextOpenAt);

        var lunch = schedule.StatusAt(Utc("2026-11-23T11:30:00"));
        Assert.False(lunch.Open);
        Assert.Equal(Utc("2026-11-23T12:00:00"), lunch.NextOpenAt);
        Assert.Equal(Utc("2026-11-23T16:00:00"), lunch.NextCloseAt);
    }

    [Fact]
    public void Intervals_that_meet_at_midnight_are_one_opening()
    {
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"),
            [new WeeklyInterval(DayOfWeek.Monday, new Interval(18 * 60, Interval.Day)), new WeeklyInterval(DayOfWeek.Tuesday, new Interval(0, 2 * 60))], []);

        var status = schedule.StatusAt(Utc("2026-11-23T22:00:00"));

        Assert.True(status.Open);
        Assert.Equal(Utc("2026-11-24T01:00:00"), status.NextCloseAt);
    }

    [Fact]
    public void Special_hours_replace_the_weekday()
    {
        // Thursday 24 December 2026: 10:00–13:00 instead of 09:00–17:00.
        var schedule = Weekdays("Europe/Copenhagen",
            exceptions: new ScheduleException(new DateOnly(2026, 12, 24), "Christmas Eve", false, [new Interval(10 * 60, 13 * 60)]));

        var early = schedule.StatusAt(Utc("2026-12-24T08:30:00"));
        Assert.False(early.Open);
        Assert.Equal(Utc("2026-12-24T09:00:00"), early.NextOpenAt);
        Assert.Equal(Utc("2026-12-24T12:00:00"), early.NextCloseAt);
        Assert.False(schedule.StatusAt(Utc("2026-12-24T12:30:00")).Open);
    }

    [Fact]
    public void Back_to_back_holidays_reopen_on_the_first_working_day_after()
    {
        var schedule = Weekdays("Europe/Oslo", exceptions:
        [
            new(new DateOnly(2026, 12, 24), "Julaften", false, [new Interval(10 * 60, 13 * 60)]),
            new(new DateOnly(2026, 12, 25), "1. juledag", true, []),
            new(new DateOnly(2026, 12, 28), "Romjul", true, []),
            new(new DateOnly(2026, 12, 29), "Romjul", true, []),
        ]);

        var status = schedule.StatusAt(Utc("2026-12-24T12:00:00"));

        Assert.False(status.Open);
        Assert.Equal(Utc("2026-12-30T08:00:00"), status.NextOpenAt);
        Assert.Equal(Utc("2026-12-30T16:00:00"), status.NextCloseAt);
    }

    [Fact]
    public void A_holiday_cuts_short_the_night_before()
    {
        var schedule = EveryDay("Europe/Berlin", 20 * 60, 4 * 60,
            new ScheduleException(new DateOnly(2026, 12, 25), "Weihnachten", true, []));

        // 24 December 20:00 local = 19:00 UTC; the night would run to 04:00, but Christmas Day is closed from midnight.
        var status = schedule.StatusAt(Utc("2026-12-24T20:00:00"));

        Assert.True(status.Open);
        Assert.Equal(Utc("2026-12-24T23:00:00"), status.NextCloseAt);
        Assert.Equal(Utc("2026-12-26T19:00:00"), status.NextOpenAt);
    }

    [Fact]
    public void A_channel_without_a_schedule_is_always_open()
    {
        var status = Schedule.AlwaysOpen.StatusAt(Utc("2026-12-25T03:00:00"));

        Assert.Equal(new ScheduleStatus(true, null, null), status);
    }

    [Fact]
    public void An_empty_week_is_open_around_the_clock_except_on_holidays()
    {
        var schedule = new Schedule(TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"), [],
            [new ScheduleException(new DateOnly(2026, 12, 25), "Juledag", true, [])]);

        var before = schedule.StatusAt(Utc("2026-12-24T12:00:00"));
        Assert.True(before.Open);
        Assert.Equal(Utc("2026-12-24T23:00:00"), before.NextCloseAt);
        Assert.Equal(Utc("2026-12-25T23:00:00"), before.NextOpenAt);
        Assert.False(schedule.StatusAt(Utc("2026-12-25T12:00:00")).Open);
    }

    [Fact]
    public void Open_around_the_clock_has_no_known_closing()
    {
        var status = EveryDay("Europe/Riga", 0, Interval.Day).StatusAt(Utc("2026-11-23T12:00:00"));

        Assert.Equal(new ScheduleStatus(true, null, null), status);
    }

    [Fact]
    public void Status_can_be_asked_for_any_instant()
    {
        var schedule = Weekdays("Europe/Copenhagen");

        // Friday 27 November 2026 at 18:00 local: back Monday 09:00 local.
        var status = schedule.StatusAt(Utc("2026-11-27T17:00:00"));

        Assert.False(status.Open);
        Assert.Equal(Utc("2026-11-30T08:00:00"), status.NextOpenAt);
        Assert.Equal(Utc("2026-11-30T16:00:00"), status.NextCloseAt);
    }

    [Fact]
    public void Answers_stay_right_as_time_moves_back_and_forth()
    {
        Schedule Build() => new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo"),
            [new WeeklyInterval(DayOfWeek.Saturday, new Interval(9 * 60, 12 * 60)), new WeeklyInterval(DayOfWeek.Saturday, new Interval(13 * 60, 2 * 60))],
            [new ScheduleException(new DateOnly(2026, 3, 29), "Påskedag", true, [])]);
        var asked = Build();
        var random = new Random(7);

        // Around the spring change, in order and out of order: the same answers as a schedule asked once.
        for (var i = 0; i < 2000; i++)
        {
            var at = Utc("2026-03-27T00:00:00").AddMinutes(i < 1000 ? i * 7 : random.Next(0, 7 * 24 * 60));
            Assert.Equal(Build().StatusAt(at), asked.StatusAt(at));
        }
    }
}
