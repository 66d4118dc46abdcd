namespace Helpdesk.Features.CannedResponses;

/// <summary>Which language to answer in: the customer's, then the channel's default, then English.</summary>
public static class Languages
{
    public const string Fallback = "en";
    public static readonly string[] Shipped = ["en", "da", "de", "nb", "lv"];

    /// <summary>Locales to try, best first; "nb-NO" also tries "nb", and Norwegian in general means Bokmål.</summary>
    public static IEnumerable<string> Candidates(string? customerLocale, string? channelDefault)
    {
        foreach (var locale in new[] { customerLocale, channelDefault })
        {
            if (string.IsNullOrWhiteSpace(locale)) continue;
            yield return locale.Trim();
            var language = Primary(locale);
            yield return language;
            if (language is "no" or "nn") yield return "nb";
        }
        yield return Fallback;
    }

    public static T? Pick<T>(IEnumerable<T> options, Func<T, string> locale, string? customerLocale, string? channelDefault)
        where T : class
    {
        var list = options.ToList();
        foreach (var candidate in Candidates(customerLocale, channelDefault))
            if (list.FirstOrDefault(o => locale(o).Equals(candidate, StringComparison.OrdinalIgnoreCase)) is { } match)
                return match;
        return null;
    }

    public static string Primary(string locale) => locale.Trim().Split('-', '_')[0].ToLowerInvariant();
}
