using System.Text.RegularExpressions;

namespace Helpdesk.Features.CannedResponses;

public static class TemplateVariables
{
    public const string CustomerFirstName = "customer.firstName";
    public const string CustomerName = "customer.name";
    public const string OrderNumber = "order.number";
    public const string StoreName = "store.name";
    public const string AgentName = "agent.name";
    public const string NextOpen = "nextOpen";
    public const string SurveyUrl = "survey.url";
    public static readonly string[] All = [CustomerFirstName, CustomerName, OrderNumber, StoreName, AgentName, NextOpen, SurveyUrl];
}

/// <summary>
/// Canned-response bodies: <c>{{variable}}</c> placeholders filled with what is known. A value that
/// is missing leaves no trace, so a customer never sees braces or a gap before punctuation.
/// </summary>
public static partial class Template
{
    [GeneratedRegex(@"\{\{\s*([^{}]*?)\s*\}\}")]
    private static partial Regex Placeholder();

    // A removed value's place: spaces around it fold into one, or into none before punctuation or a
    // line end, where a comma that led up to it goes too ("Sveiki, {{customer.firstName}}!" → "Sveiki!").
    [GeneratedRegex(@",?[ \t]*\u0000+[ \t]*(?=[.,!?;:)]|\r?$)", RegexOptions.Multiline)]
    private static partial Regex GapBeforePunctuation();

    [GeneratedRegex(@"^[ \t]*\u0000+[ \t]*", RegexOptions.Multiline)]
    private static partial Regex GapAtLineStart();

    [GeneratedRegex(@"[ \t]*\u0000+[ \t]*")]
    private static partial Regex Gap();

    /// <summary>What is wrong with a body: unknown variables, and braces that are not a placeholder.</summary>
    public static IReadOnlyList<string> Problems(string body)
    {
        var problems = new List<string>();
        foreach (Match m in Placeholder().Matches(body))
            if (!TemplateVariables.All.Contains(m.Groups[1].Value))
                problems.Add($"{{{{{m.Groups[1].Value}}}}} is not a known variable; use {string.Join(", ", TemplateVariables.All.Select(v => "{{" + v + "}}"))}.");
        var rest = Placeholder().Replace(body, "");
        if (rest.Contains("{{") || rest.Contains("}}"))
            problems.Add("'{{' and '}}' may only surround a variable, such as {{customer.firstName}}.");
        return problems;
    }

    public static string Render(string body, IReadOnlyDictionary<string, string?> values)
    {
        var filled = Placeholder().Replace(body, m =>
            values.GetValueOrDefault(m.Groups[1].Value) is { Length: > 0 } value ? value.Replace("{{", "{ {") : "\u0000");
        // Whatever is left of a brace pair was never a placeholder: it must not reach a customer either.
        filled = filled.Replace("{{", "").Replace("}}", "");
        filled = GapBeforePunctuation().Replace(filled, "");
        filled = GapAtLineStart().Replace(filled, "");
        return Gap().Replace(filled, " ").Trim();
    }
}
