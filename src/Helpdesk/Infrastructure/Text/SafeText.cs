using System.Globalization;
using System.Text;

namespace Helpdesk.Infrastructure.Text;

/// <summary>
/// Text from outside, made unable to mislead an agent. Bidi controls can make "Invoice‮fdp.exe" show as
/// "Invoiceexe.pdf" or turn a link around; invisible characters make two names that look the same differ
/// ("admin" and "ad​min"). Names, subjects and file names are labels: they lose every bidi control,
/// invisible format character and control character, and become one line. Message bodies are writing: they
/// lose overrides, embeddings, isolates, zero-width spaces and control characters other than line breaks
/// and tabs, and keep the marks (RLM) and soft hyphens that right-to-left and other writing uses.
/// Both keep ZWJ and ZWNJ where writing needs them: inside an emoji sequence (👨‍👩‍👧) and between the
/// letters of scripts that join (Persian می‌خواهم, Devanagari क्‍ष); between Latin letters a joiner only hides.
/// </summary>
public static class SafeText
{
    private const int ZeroWidthNonJoiner = 0x200C;
    private const int ZeroWidthJoiner = 0x200D;

    /// <summary>A name, subject or file name: one line, nothing hidden or reordered, trimmed; null stays null.</summary>
    public static string? Name(string? text)
    {
        if (text is null) return null;
        var runes = text.EnumerateRunes().ToArray();
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            if (IsJoiner(r.Value))
            {
                if (JoinsHere(runes, i)) kept.Append(r);
            }
            else if (IsTag(r.Value))
            {
                // Tags spell a subdivision flag after a black flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿); anywhere else they hide text.
                if (InFlagSequence(runes, i)) kept.Append(r);
            }
            else if (Rune.IsWhiteSpace(r)) kept.Append(' ');
            else if (Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format || IsBlankFiller(r.Value)) continue;
            else kept.Append(r);
        }
        return string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A message body: its lines and the writing's own marks kept, nothing that reorders or hides text.</summary>
    public static string Body(string text)
    {
        // Most messages hold nothing to remove: they are returned as they are, without a copy.
        if (!text.AsSpan().ContainsAny(BodyRemovable)) return text;
        var runes = text.EnumerateRunes().ToArray();
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            var v = r.Value;
            if (IsJoiner(v))
            {
                if (JoinsHere(runes, i)) kept.Append(r);
            }
            else if (IsOverrideOrIsolate(v) || IsZeroWidthSpace(v)) continue;
            else if (Rune.GetUnicodeCategory(r) == UnicodeCategory.Control && v is not ('\n' or '\r' or '\t')) continue;
            else kept.Append(r);
        }
        return kept.ToString();
    }

    /// <summary>
    /// Every character that <see cref="Body"/> may drop: controls other than line breaks and tabs, joiners,
    /// overrides and isolates, zero-width spaces. All are in the Basic Multilingual Plane, so a text without
    /// any of these chars has nothing for the rune-by-rune pass to do. Surrogates too: a lone one becomes
    /// U+FFFD in that pass, and a pair (an emoji) may sit next to a joiner.
    /// </summary>
    private static readonly System.Buffers.SearchValues<char> BodyRemovable = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\n' or '\r' or '\t')).Select(c => (char)c),
         .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c),
         (char)ZeroWidthNonJoiner, (char)ZeroWidthJoiner,
         .. Enumerable.Range(0x202A, 5).Select(c => (char)c), .. Enumerable.Range(0x2066, 4).Select(c => (char)c),
         '\u200B', '\u2060', '\uFEFF', '\u180E', .. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]);

    private static bool IsJoiner(int v) => v is ZeroWidthNonJoiner or ZeroWidthJoiner;

    // LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
    private static bool IsOverrideOrIsolate(int v) => v is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;

    // Zero-width space, word joiner, byte order mark, Mongolian vowel separator.
    private static bool IsZeroWidthSpace(int v) => v is 0x200B or 0x2060 or 0xFEFF or 0x180E;

    // Letters that draw nothing, used for names that look empty: Hangul fillers, combining grapheme joiner.
    private static bool IsBlankFiller(int v) => v is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x034F;

    private static bool IsTag(int v) => v is >= 0xE0020 and <= 0xE007F;

    private static bool InFlagSequence(Rune[] runes, int i)
    {
        while (i > 0 && IsTag(runes[i - 1].Value)) i--;
        return i > 0 && runes[i - 1].Value == 0x1F3F4;
    }

    private static bool JoinsHere(Rune[] runes, int i)
    {
        if (i == 0 || i == runes.Length - 1) return false;
        var before = runes[i - 1];
        var after = runes[i + 1];
        return (IsEmoji(before.Value) && IsEmoji(after.Value)) || (NeedsJoiners(before) && NeedsJoiners(after));
    }

    /// <summary>A letter or mark of a script past Latin, Greek and Cyrillic (Hebrew, Arabic, Indic, …), where joiners shape letters.</summary>
    private static bool NeedsJoiners(Rune r) =>
        r.Value >= 0x0590 && Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark;

    /// <summary>What an emoji ZWJ sequence joins: pictographs, their skin tones and the emoji presentation selector.</summary>
    private static bool IsEmoji(int v) =>
        v is >= 0x1F000 and <= 0x1FAFF or >= 0x2190 and <= 0x2BFF or 0xFE0F or 0x20E3 or 0x00A9 or 0x00AE or 0x3030 or 0x303D;
}
