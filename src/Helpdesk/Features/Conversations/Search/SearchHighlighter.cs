namespace Helpdesk.Features.Conversations.Search;

/// <summary>Part of a text: offsets in UTF-16 code units, as JavaScript strings count them.</summary>
public sealed record TextRange(int Start, int Length);

/// <summary>
/// Why a conversation was found: which of its texts matched, an excerpt of it and where the words are in
/// the excerpt, for the inbox to mark with text nodes (never markup built from the text).
/// </summary>
/// <param name="Field">message, subject, customer (the name), email, phone or order.</param>
public sealed record SearchMatch(string Field, string Snippet, IReadOnlyList<TextRange> Highlights, long? MessageId = null);

public static class SearchFields
{
    public const string Message = "message";
    public const string Subject = "subject";
    public const string Customer = "customer";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Order = "order";
}

/// <summary>Finds the searched words in a text the way the index found them, and cuts an excerpt around the first.</summary>
public static class SearchHighlighter
{
    /// <summary>Longest excerpt of a long text.</summary>
    public const int MaxSnippet = 160;
    /// <summary>A first hit further in than this is shown with part of this much before it.</summary>
    private const int Lead = 30;

    public static IReadOnlyList<TextRange> Find(string text, SearchTerms terms)
    {
        var exact = new HashSet<string>();
        string[] prefixes = [];
        for (var i = 0; i < terms.Words.Count; i++)
        {
            var spellings = SearchTerms.Spellings(terms.Words[i]).Select(SearchTerms.Fold).ToArray();
            if (i == terms.Words.Count - 1 && terms.Words[i].Length >= SearchTerms.MinPrefix) prefixes = spellings;
            else exact.UnionWith(spellings);
        }
        var ranges = new List<TextRange>();
        foreach (var (start, length) in SearchTerms.WordRanges(text))
        {
            var word = SearchTerms.Fold(text.Substring(start, length));
            if (exact.Contains(word) || prefixes.Any(p => word.StartsWith(p, StringComparison.Ordinal)))
                ranges.Add(new TextRange(start, length));
            else if (terms.PhoneDigits.FirstOrDefault(d => word.Contains(d, StringComparison.Ordinal)) is { } digits)
            {
                // Part of a phone number: as typed without the country code, or not yet to the end.
                ranges.Add(new TextRange(start + word.IndexOf(digits, StringComparison.Ordinal), digits.Length));
            }
        }
        return ranges;
    }

    /// <summary>
    /// The text on one line; when the first hit comes late, from a little before it (a list shows the
    /// first words), and when long, cut short after.
    /// </summary>
    public static SearchMatch Excerpt(string field, string text, IReadOnlyList<TextRange> ranges, long? messageId = null)
    {
        var line = string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = char.IsWhiteSpace(t[i]) ? ' ' : t[i];
        });
        var first = ranges.Count > 0 ? ranges[0].Start : 0;
        var start = first > Lead ? first - Lead / 2 : 0;
        if (start > 0 && line.IndexOf(' ', start, first - start) is var space and >= 0) start = space + 1;
        if (start > 0 && char.IsLowSurrogate(line[start])) start++;
        var end = Math.Min(line.Length, start + MaxSnippet);
        if (end < line.Length && line.LastIndexOf(' ', end - 1, end - start) is var back && back > first) end = back;
        if (end < line.Length && char.IsLowSurrogate(line[end])) end--;
        if (start == 0 && end == line.Length) return new SearchMatch(field, line, ranges, messageId);

        var before = start > 0 ? "…" : "";
        var snippet = before + line[start..end].TrimEnd() + (end < line.Length ? "…" : "");
        var shifted = ranges
            .Where(r => r.Start >= start && r.Start + r.Length <= end)
            .Select(r => new TextRange(r.Start - start + before.Length, r.Length))
            .ToArray();
        return new SearchMatch(field, snippet, shifted, messageId);
    }
}
