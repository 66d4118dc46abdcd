namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// When we are back, as a support agent would write it in the customer's language: "tomorrow at
/// 09:00", "mandag kl. 09:00", "am Montag um 09:00 Uhr"; with the date when it is more than six days away.
/// </summary>
public static class ReopeningTime
{
    private sealed record Words(
        string[] Days, string[] Months, string Today, string Tomorrow, Func<string, string> At,
        Func<string, string> OnDay, Func<string, int, string, string> OnDate, char TimeSeparator = ':');

    // Days from Sunday; months from January. Latvian uses the locative forms a sentence needs ("pirmdien", "decembrī").
    private static readonly Dictionary<string, Words> Languages = new()
    {
        ["en"] = new(
            ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
            "today", "tomorrow", t => $"at {t}", d => $"on {d}", (d, n, m) => $"on {d} {n} {m}"),
        ["da"] = new(
            ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
            ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
            "i dag", "i morgen", t => $"kl. {t}", d => d, (d, n, m) => $"{d} den {n}. {m}", '.'),
        ["nb"] = new(
            ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
            ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
            "i dag", "i morgen", t => $"kl. {t}", d => d, (d, n, m) => $"{d} {n}. {m}"),
        ["de"] = new(
            ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
            ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
            "heute", "morgen", t => $"um {t} Uhr", d => $"am {d}", (d, n, m) => $"am {d}, {n}. {m},"),
        ["lv"] = new(
            ["svētdien", "pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien"],
            ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī"],
            "šodien", "rīt", t => $"plkst. {t}", d => d, (d, n, m) => $"{d}, {n}. {m},"),
    };

    public static string Format(DateTime reopensUtc, DateTime nowUtc, TimeZoneInfo zone, string locale)
    {
        var words = Languages.GetValueOrDefault(CannedResponses.Languages.Primary(locale)) ?? Languages["en"];
        var local = TimeZoneInfo.ConvertTimeFromUtc(reopensUtc, zone);
        var days = DateOnly.FromDateTime(local).DayNumber - DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone)).DayNumber;
        var day = words.Days[(int)local.DayOfWeek];
        var when = days switch
        {
            <= 0 => words.Today,
            1 => words.Tomorrow,
            <= 6 => words.OnDay(day),
            _ => words.OnDate(day, local.Day, words.Months[local.Month - 1]),
        };
        return $"{when} {words.At($"{local.Hour:00}{words.TimeSeparator}{local.Minute:00}")}";
    }
}
