using System.Text.Json;
using Helpdesk.Infrastructure.Text;

namespace Helpdesk.Features.Orders;

/// <summary>
/// The rules for an order's tracking list. Every value comes from a store, so from whoever holds its
/// secret: links are shown to agents and to shoppers, and only an absolute http(s) address may
/// become one; lengths and the number of entries are bounded.
/// </summary>
public static class ShipmentTracking
{
    public const int MaxEntries = 20;
    public const int MaxCompany = 100;
    public const int MaxNumber = 100;
    public const int MaxUrl = 2000;

    /// <summary>
    /// An address that is safe to open: absolute, http or https, and without a user name, which
    /// would let "https://postnord.dk@elsewhere.example" pass for the carrier's site.
    /// </summary>
    public static bool IsSafeUrl(string? url) => SafeUrl(url) is not null;

    /// <summary>The address in its canonical form, as it will be stored and linked, or null when it is not safe.</summary>
    private static string? SafeUrl(string? url)
    {
        if (url is null || url.Length > MaxUrl) return null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Host.Length == 0) return null;
        // Escaping can lengthen it; what is stored keeps to the limit too.
        return uri.AbsoluteUri.Length <= MaxUrl ? uri.AbsoluteUri : null;
    }

    /// <summary>
    /// One shipment as a store describes it, cleaned: an unsafe or overlong address is dropped, long
    /// names are cut. Null when nothing is left to follow (neither a number nor an address).
    /// </summary>
    public static OrderTracking? Entry(string? company, string? number, string? url)
    {
        var cleanNumber = Cut(number, MaxNumber);
        var cleanUrl = SafeUrl(url);
        if (cleanNumber is null && cleanUrl is null) return null;
        return new OrderTracking(Cut(company, MaxCompany), cleanNumber, cleanUrl);
    }

    /// <summary>
    /// A fulfillment's entries: one per tracking number, the addresses paired with the numbers by
    /// position. The lists win over the single fields, which Shopify keeps for the first of them.
    /// </summary>
    public static IReadOnlyList<OrderTracking> FromShipment(
        string? company, string? number, IReadOnlyList<string?>? numbers, string? url, IReadOnlyList<string?>? urls)
    {
        IReadOnlyList<string?> allNumbers = numbers is { Count: > 0 } ? numbers : [number];
        IReadOnlyList<string?> allUrls = urls is { Count: > 0 } ? urls : [url];
        var entries = new List<OrderTracking>();
        for (var i = 0; i < Math.Max(allNumbers.Count, allUrls.Count); i++)
        {
            var entry = Entry(company, i < allNumbers.Count ? allNumbers[i] : null, i < allUrls.Count ? allUrls[i] : null);
            if (entry is not null) entries.Add(entry);
        }
        return Merge([], entries);
    }

    /// <summary>
    /// The list after an update: a whole list replaces it; otherwise withdrawn entries leave, shipped ones
    /// take the place of an entry with the same number (an updated fulfillment) or are added. The newest
    /// entries are kept when there are too many.
    /// </summary>
    public static IReadOnlyList<OrderTracking> Apply(IReadOnlyList<OrderTracking> current, TrackingUpdate update)
    {
        var kept = update.Whole ? [] : current.Where(e => !update.Withdrawn.Any(w => SameShipment(w, e))).ToList();
        return Merge(kept, update.Shipped);
    }

    private static IReadOnlyList<OrderTracking> Merge(IReadOnlyList<OrderTracking> current, IEnumerable<OrderTracking> added)
    {
        var list = current.ToList();
        foreach (var entry in added)
        {
            var same = list.FindIndex(e => SameShipment(e, entry));
            if (same >= 0) list[same] = entry;
            else list.Add(entry);
            // Trimmed as it goes, so a store sending thousands of numbers costs no more than twenty.
            if (list.Count > MaxEntries) list.RemoveAt(0);
        }
        return list;
    }

    /// <summary>Entries are known by their number; one without a number by its address.</summary>
    private static bool SameShipment(OrderTracking a, OrderTracking b) =>
        a.Number is not null || b.Number is not null
            ? string.Equals(a.Number, b.Number, StringComparison.OrdinalIgnoreCase)
            : string.Equals(a.Url, b.Url, StringComparison.Ordinal);

    public static IReadOnlyList<OrderTracking> Read(string json)
    {
        // Written only by Write, yet shown as links: what comes back out is checked again.
        var stored = JsonSerializer.Deserialize<List<OrderTracking>>(json, JsonSerializerOptions.Web) ?? [];
        return stored.Select(e => e with { Url = IsSafeUrl(e.Url) ? e.Url : null }).Where(e => e.Number is not null || e.Url is not null).ToList();
    }

    public static string Write(IReadOnlyList<OrderTracking> tracking) => JsonSerializer.Serialize(tracking, JsonSerializerOptions.Web);

    /// <summary>A label as agents and shoppers see it: nothing hidden or reordered, and no longer than its room.</summary>
    private static string? Cut(string? value, int max)
    {
        var text = SafeText.Name(value);
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length <= max) return text;
        // Not between the two halves of a character.
        return text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)].TrimEnd();
    }
}
