using System.Globalization;
using System.Text;

namespace Helpdesk.Features.Conversations.Search;

/// <summary>
/// What an agent typed into the search box, as the words the search index is asked for. The index splits
/// text into runs of letters and digits, folds case and strips accents (SQLite's unicode61 tokenizer with
/// remove_diacritics 2, PostgreSQL's unaccent), so the query is split the same way here and every word
/// is passed on as a quoted literal: whatever the agent types (quotes, NEAR, *, -, parentheses, SQL) is
/// only ever searched for, never understood as query syntax.
/// </summary>
/// <param name="Words">The words, each of which must occur in a message, subject or customer record; the last one may be the start of a word (it is still being typed).</param>
/// <param name="PhoneDigits">When the query looks like a phone number: its digits, as the customer records index them.</param>
public sealed record SearchTerms(IReadOnlyList<string> Words, IReadOnlyList<string> PhoneDigits)
{
    public const int MaxLength = 200;

    /// <summary>Phone numbers shorter than this are more likely order numbers or amounts.</summary>
    public const int MinPhoneDigits = 6;

    public bool IsEmpty => Words.Count == 0 && PhoneDigits.Count == 0;

    /// <param name="phoneNumber">The number in E.164 ("+4512345678"), or null when the text is none.</param>
    public static SearchTerms Parse(string query, Func<string, string?>? phoneNumber = null)
    {
        var text = query.Normalize(NormalizationForm.FormC);
        var words = new List<string>();
        foreach (var (start, length) in WordRanges(text))
        {
            var word = text.Substring(start, length).ToLowerInvariant();
            if (!words.Contains(word)) words.Add(word);
        }
        return new SearchTerms(words, Phone(text, phoneNumber));
    }

    /// <summary>Where the words of a text are: runs of letters, digits and the marks that belong to them.</summary>
    public static IEnumerable<(int Start, int Length)> WordRanges(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && IsWordChar(text, i);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    private static bool IsWordChar(string text, int i) =>
        char.IsLetterOrDigit(text, i) || char.IsSurrogate(text[i])
        || CharUnicodeInfo.GetUnicodeCategory(text, i) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>
    /// A word as the index keeps it: lower case, accents gone, and "ß" as "ss" (the highlighter compares
    /// with this; the index itself keeps "ß", so the query asks for both spellings, see <see cref="Spellings"/>).
    /// </summary>
    public static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(c);
        return folded.ToString().Normalize(NormalizationForm.FormC).Replace("ß", "ss");
    }

    /// <summary>
    /// The spellings of a word to look for. German writes "Straße" and, without the key, "Strasse";
    /// SQLite's tokenizer keeps "ß" as it is, so both spellings are asked for.
    /// </summary>
    public static IReadOnlyList<string> Spellings(string word)
    {
        var spellings = new List<string> { word };
        if (word.Contains('ß')) spellings.Add(word.Replace("ß", "ss"));
        if (word.Contains("ss")) spellings.Add(word.Replace("ss", "ß"));
        return spellings;
    }

    private static IReadOnlyList<string> Phone(string text, Func<string, string?>? phoneNumber)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || !trimmed.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.' or '/')) return [];
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        // "0045 …" is how some write "+45 …".
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = digits[2..];
        if (digits.Length < MinPhoneDigits) return [];
        var found = new List<string> { digits };
        if (phoneNumber?.Invoke(trimmed) is { } e164 && e164.TrimStart('+') is var international && international != digits)
            found.Add(international);
        return found;
    }

    /// <summary>The shortest last word that is also looked for as the start of longer words: one letter begins too many.</summary>
    public const int MinPrefix = 2;

    private bool IsPrefix(int index) => index == Words.Count - 1 && Words[index].Length >= MinPrefix;

    /// <summary>The SQLite FTS5 query for messages and subjects: every word, the last one also as a prefix (see <see cref="MinPrefix"/>).</summary>
    public string ToFts5() => string.Join(" AND ", Words.Select((w, i) => Fts5Word(w, IsPrefix(i))));

    /// <summary>The FTS5 query for customer records: the words, or the phone number in the Phones column.</summary>
    public string ToFts5Customer()
    {
        if (PhoneDigits.Count == 0) return ToFts5();
        var phone = "Phones : (" + string.Join(" OR ", PhoneDigits.Select(d => Quote(d) + "*")) + ")";
        return Words.Count == 0 ? phone : $"({ToFts5()}) OR {phone}";
    }

    // The whole word as well as its prefix: a word typed out in full counts twice, so it ranks above the longer words it begins.
    private static string Fts5Word(string word, bool last) =>
        "(" + string.Join(" OR ", Spellings(word).Select(s => last ? $"{Quote(s)} OR {Quote(s)}*" : Quote(s))) + ")";

    private static string Quote(string word) => "\"" + word.Replace("\"", "\"\"") + "\"";

    /// <summary>The PostgreSQL tsquery text (for to_tsquery), in the same shape as <see cref="ToFts5"/>.</summary>
    public string ToTsQuery() => string.Join(" & ", Words.Select((w, i) => TsWord(w, IsPrefix(i))));

    public string ToTsQueryCustomer()
    {
        if (PhoneDigits.Count == 0) return ToTsQuery();
        var phone = "(" + string.Join(" | ", PhoneDigits.Select(d => TsQuote(d) + ":*")) + ")";
        return Words.Count == 0 ? phone : $"({ToTsQuery()}) | {phone}";
    }

    private static string TsWord(string word, bool last) =>
        "(" + string.Join(" | ", Spellings(word).Select(s => last ? $"{TsQuote(s)} | {TsQuote(s)}:*" : TsQuote(s))) + ")";

    private static string TsQuote(string word) => "'" + word.Replace("'", "''").Replace("\\", "\\\\") + "'";
}
