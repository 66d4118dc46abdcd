using System.Text.RegularExpressions;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Splits a mail's new words from the earlier thread it quotes, which mail programs append under
/// an attribution line ("On … wrote:", "Den … skrev:", "Am … schrieb …:"), an Outlook header block
/// ("From: … Sent: …"), an "Original Message" rule, or as a trailing run of "&gt;" lines. A quote
/// interleaved with answers is not folded: every line of it is part of the answer.
/// </summary>
public static partial class QuotedReply
{
    /// <returns>The reply, and the quoted remainder or null when nothing is quoted.</returns>
    public static (string Reply, string? Quoted) Split(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        // Whether only quoted or blank lines follow, worked out once from the end: the check is then linear however long the quote.
        var quotedToEnd = new bool[lines.Length + 1];
        quotedToEnd[lines.Length] = true;
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var trimmed = lines[i].TrimStart();
            quotedToEnd[i] = quotedToEnd[i + 1] && (trimmed.Length == 0 || trimmed.StartsWith('>'));
        }
        for (var i = 0; i < lines.Length; i++)
        {
            if (!StartsQuote(lines, i, quotedToEnd)) continue;
            var reply = string.Join('\n', lines[..i]).Trim();
            if (reply.Length == 0) break;
            return (reply, string.Join('\n', lines[i..]).Trim());
        }
        return (text.Trim(), null);
    }

    private static bool StartsQuote(string[] lines, int i, bool[] quotedToEnd, bool afterRule = false)
    {
        var line = lines[i].Trim();
        if (line.Length == 0) return false;
        if (Attribution().IsMatch(line)) return true;
        // An attribution wrapped over two lines: "On Mon, 3 Nov 2026 at 10:00, Anna <anna@example.net>" / "wrote:".
        if (i + 1 < lines.Length && AttributionStart().IsMatch(line) && Attribution().IsMatch(line + " " + lines[i + 1].Trim()))
            return true;
        if (OriginalMessage().IsMatch(line)) return true;
        // Outlook on the web rules the header block off with a line of underscores (one rule: a run of them is not looked through).
        if (!afterRule && Rule().IsMatch(line) && i + 1 < lines.Length && StartsQuote(lines, i + 1, quotedToEnd, afterRule: true)) return true;
        if (HeaderFrom().IsMatch(line) && lines.Skip(i + 1).Take(4).Any(l => HeaderSent().IsMatch(l.Trim()))) return true;
        return line.StartsWith('>') && quotedToEnd[i];
    }

    [GeneratedRegex(@"^(On|Den|Am|På|Le|El|Il|Op|Dne)\s.{4,400}?(wrote|a écrit|escribió|ha scritto|napsal\(a\)|(skrev|schrieb|schreef)(\s.{1,300}?)?)\s*:$|^.{4,400}\srakstīja\s*:$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    [GeneratedRegex(@"^(On|Den|Am|På|Le|El|Il|Op|Dne)\s.*\d", RegexOptions.IgnoreCase)]
    private static partial Regex AttributionStart();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Oprindelig meddelelse|Ursprüngliche Nachricht|Opprinnelig melding|Originalmeldingen|Sākotnējā ziņa|Forwarded message|Videresendt meddelelse|Weitergeleitete Nachricht)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex("^_{10,}$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\*?(From|Fra|Von|No|Från):\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|Sendt|Gesendet|Datum|Dato|Nosūtīts|Datums|Skickat):\*?\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderSent();
}
