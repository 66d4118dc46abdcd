using Helpdesk.Features.BusinessHours;

namespace Helpdesk.Tests.Features.BusinessHours;

public class ReopeningTimeTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    // Friday 27 November 2026, 19:00 in Oslo.
    private static readonly DateTime Now = new(2026, 11, 27, 18, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("nb", "mandag kl. 09:00")]
    [InlineData("da", "mandag kl. 09.00")]
    [InlineData("de", "am Montag um 09:00 Uhr")]
    [InlineData("lv", "pirmdien plkst. 09:00")]
    [InlineData("en", "on Monday at 09:00")]
    [InlineData("fr", "on Monday at 09:00")]
    public void A_reopening_this_week_is_named_by_its_weekday(string locale, string expected) =>
        Assert.Equal(expected, ReopeningTime.Format(new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), Now, Oslo, locale));

    [Theory]
    [InlineData("nb-NO", "i morgen kl. 10:00")]
    [InlineData("de", "morgen um 10:00 Uhr")]
    [InlineData("lv", "rīt plkst. 10:00")]
    public void Tomorrow_is_tomorrow(string locale, string expected) =>
        Assert.Equal(expected, ReopeningTime.Format(new DateTime(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc), Now, Oslo, locale));

    [Theory]
    [InlineData("en", "on Monday 28 December at 09:00")]
    [InlineData("da", "mandag den 28. december kl. 09.00")]
    [InlineData("de", "am Montag, 28. Dezember, um 09:00 Uhr")]
    [InlineData("lv", "pirmdien, 28. decembrī, plkst. 09:00")]
    public void A_reopening_further_away_carries_its_date(string locale, string expected) =>
        Assert.Equal(expected, ReopeningTime.Format(new DateTime(2026, 12, 28, 8, 0, 0, DateTimeKind.Utc), Now, Oslo, locale));
}
