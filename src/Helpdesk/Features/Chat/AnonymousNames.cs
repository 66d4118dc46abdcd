namespace Helpdesk.Features.Chat;

/// <summary>
/// What agents call a shopper who has not given a name, as keys the inbox words in the agent's language:
/// "Copenhagen · Blue fox". The city comes from the browser's time zone, the colour and animal from the
/// visitor, so the name stays the same for as long as the visitor does.
/// </summary>
/// <param name="City">The time zone's city in English ("Copenhagen", "New York"); null when the zone names none.</param>
public sealed record AnonymousName(string? City, string Colour, string Animal);

public static class AnonymousNames
{
    public static readonly string[] Colours = ["blue", "green", "red", "yellow", "golden", "purple", "grey", "white", "black", "brown"];
    public static readonly string[] Animals = ["fox", "owl", "bear", "otter", "hare", "deer", "wolf", "lynx", "seal", "swan", "heron", "badger"];

    // Coprime with the number of pairs, so stepping by it visits every pair before any repeats: visitors who
    // arrive one after another (those chatting at the same time) never share a colour and an animal.
    private const long Step = 53;

    public static AnonymousName For(long visitorId, string? timeZone)
    {
        var pairs = Colours.Length * Animals.Length;
        var index = (int)(((visitorId % pairs + pairs) * Step) % pairs);
        return new AnonymousName(City(timeZone), Colours[index % Colours.Length], Animals[index / Colours.Length]);
    }

    /// <summary>"Europe/Copenhagen" → "Copenhagen", "America/Argentina/Buenos_Aires" → "Buenos Aires"; null for "UTC", "Etc/GMT+1".</summary>
    public static string? City(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone)) return null;
        var parts = timeZone.Trim().Split('/');
        if (parts.Length < 2 || parts[0] is "Etc" or "SystemV" || parts[^1].Length is 0 or > 40) return null;
        var city = parts[^1].Replace('_', ' ');
        return city.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.') ? city : null;
    }
}
