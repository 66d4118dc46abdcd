using System.Globalization;
using System.Text;

namespace Helpdesk.Features.Labels;

/// <summary>What a label's name may be, one rule for the catalogue, the conversation's labels and the filter.</summary>
public static class LabelRules
{
    public const int MaxLength = 40;
    public const int MaxPerConversation = 20;
    /// <summary>The whole catalogue: enough for any shop's vocabulary, and a bound on what a typo storm can add.</summary>
    public const int MaxLabels = 500;

    /// <summary>The punctuation a label may hold besides letters, digits and spaces: enough for "b2b", "q&amp;a", "re-ship".</summary>
    private const string Punctuation = "-_.&+#'/:!?()";

    /// <summary>
    /// The stored form: composed Unicode, trimmed, inner runs of spaces made one, lower case (the same in
    /// every culture). Null when the name is not a label's: empty, too long, or holding anything but
    /// letters, digits, spaces and a little punctuation — no control or invisible characters (a
    /// right-to-left override could make one label look like another), no markup.
    /// </summary>
    public static string? Normalize(string? name)
    {
        if (name is null || name.Length > MaxLength * 4) return null;
        string composed;
        try
        {
            composed = name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate: not text.
            return null;
        }
        var words = composed.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var normal = string.Join(' ', words).ToLowerInvariant();
        if (normal.Length is 0 or > MaxLength) return null;
        foreach (var rune in normal.EnumerateRunes())
        {
            if (rune.Value == ' ' || (rune.IsBmp && Punctuation.Contains((char)rune.Value))) continue;
            var category = Rune.GetUnicodeCategory(rune);
            var allowed = category is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.OtherSymbol;
            if (!allowed) return null;
        }
        return normal;
    }

    public const string NameMessage =
        "A label is 1 to 40 letters, digits, spaces or - _ . & + # ' / : ! ? ( ), without control or invisible characters.";

    /// <summary>The rule for one name, as a validator rule.</summary>
    public static IRuleBuilderOptions<T, string?> LabelName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => Normalize(n) is not null).WithMessage(NameMessage);
}
