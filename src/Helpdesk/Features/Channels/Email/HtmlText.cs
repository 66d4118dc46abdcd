using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Readable plain text from an HTML-only mail: paragraphs and line breaks kept, lists bulleted,
/// links followed by their address, quoted blocks marked with "&gt; " so the quoted earlier reply
/// can be folded away like a plain-text one. Scripts, styles and hidden heads never show.
/// </summary>
public static partial class HtmlText
{
    private static readonly HashSet<string> Skipped = ["script", "style", "head", "title", "meta", "template", "noscript"];
    private static readonly HashSet<string> Blocks =
    [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "table", "tr", "pre", "address", "figure", "figcaption", "center", "form", "fieldset", "dl", "dt", "dd",
    ];

    /// <summary>Longer HTML is cut before it is read: parsing time grows with it.</summary>
    public const int MaxHtmlChars = 1_000_000;
    /// <summary>Deeper nesting than any mail program writes (replies quoting replies stay far below it) is not parsed as a tree.</summary>
    public const int MaxDepth = 256;
    /// <summary>Quote marks beyond this depth add nothing readable and would copy the text once per level.</summary>
    private const int MaxQuoteDepth = 16;

    public static string ToText(string html) => ToText(html, out _);

    /// <param name="complete">False when the HTML was cut or too deeply nested to read as a tree; the text is then what could be read.</param>
    public static string ToText(string html, out bool complete)
    {
        complete = html.Length <= MaxHtmlChars;
        if (!complete) html = html[..MaxHtmlChars];
        // HtmlAgilityPack slows down with every open element and stops at the limit rather than building an unbounded tree.
        var doc = new HtmlDocument { OptionMaxNestedChildNodes = MaxDepth };
        try
        {
            doc.LoadHtml(html);
        }
        catch (Exception)
        {
            // The nesting limit is reported as a plain Exception.
            complete = false;
            return Tidy(Stripped(html));
        }
        var text = new Writer();
        Walk(doc.DocumentNode, text);
        return Tidy(text.ToString());
    }

    /// <summary>A step of the walk: an element or text to write, or what to do after an element's content.</summary>
    private readonly record struct Step(HtmlNode? Node, bool Preformatted, int Quotes, Action? After);

    /// <summary>Depth first with a stack of our own, so no input decides how deep the call stack goes.</summary>
    private static void Walk(HtmlNode root, Writer output)
    {
        var w = output;
        var steps = new Stack<Step>();
        PushChildren(root, preformatted: false, quotes: 0);
        while (steps.TryPop(out var step))
        {
            if (step.Node is null)
            {
                step.After!();
                continue;
            }
            var node = step.Node;
            if (node.NodeType == HtmlNodeType.Text)
            {
                var decoded = HtmlEntity.DeEntitize(((HtmlTextNode)node).Text);
                if (step.Preformatted) w.Raw(decoded);
                else w.Words(decoded);
            }
            else if (node.NodeType == HtmlNodeType.Element)
                Element(node, step.Preformatted, step.Quotes);
        }

        void PushChildren(HtmlNode node, bool preformatted, int quotes)
        {
            for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
                steps.Push(new Step(child, preformatted, quotes, null));
        }

        void Then(Action after) => steps.Push(new Step(null, false, 0, after));

        void Element(HtmlNode e, bool pre, int quotes)
        {
            var name = e.Name.ToLowerInvariant();
            if (Skipped.Contains(name) || e.GetAttributeValue("style", "").Replace(" ", "").Contains("display:none", StringComparison.OrdinalIgnoreCase))
                return;
            switch (name)
            {
                case "br":
                    w.Break();
                    return;
                case "hr":
                    w.Paragraph();
                    w.Raw("---");
                    w.Paragraph();
                    return;
                case "img":
                    if (e.GetAttributeValue("alt", "").Trim() is { Length: > 0 } alt) w.Words($"[{alt}]");
                    return;
                case "li":
                    w.Line();
                    w.Raw("• ");
                    Then(w.Line);
                    PushChildren(e, pre, quotes);
                    return;
                case "td" or "th":
                    Then(() => w.Words(" "));
                    PushChildren(e, pre, quotes);
                    return;
                case "a":
                    var before = w.Length;
                    var links = w;
                    Then(() =>
                    {
                        var href = HtmlEntity.DeEntitize(e.GetAttributeValue("href", ""));
                        // A link around pages of text (or around other links) is not compared with its address.
                        var shown = links.Length - before <= 2_000 ? links.Since(before).Trim() : "";
                        if (href.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !shown.Contains(href.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                            && !href.TrimEnd('/').EndsWith(shown, StringComparison.OrdinalIgnoreCase))
                            links.Words($" ({href})");
                    });
                    PushChildren(e, pre, quotes);
                    return;
                case "blockquote" when quotes < MaxQuoteDepth:
                    var outer = w;
                    w = new Writer();
                    var inner = w;
                    Then(() =>
                    {
                        w = outer;
                        w.Paragraph();
                        foreach (var line in Tidy(inner.ToString()).Split('\n')) w.Raw(line.Length == 0 ? ">\n" : $"> {line}\n");
                        w.Paragraph();
                    });
                    PushChildren(e, pre, quotes + 1);
                    return;
                case "pre":
                    w.Paragraph();
                    Then(w.Paragraph);
                    PushChildren(e, preformatted: true, quotes);
                    return;
                case "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    w.Paragraph();
                    Then(w.Paragraph);
                    PushChildren(e, pre, quotes);
                    return;
            }
            if (Blocks.Contains(name) || name == "blockquote")
            {
                w.Line();
                Then(w.Line);
            }
            PushChildren(e, pre, quotes);
        }
    }

    /// <summary>The text between the tags, for HTML too deeply nested to read as a tree: one pass, no structure.</summary>
    private static string Stripped(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<') inTag = true;
            else if (c == '>' && inTag)
            {
                inTag = false;
                text.Append(' ');
            }
            else if (!inTag) text.Append(c);
        }
        var words = new Writer();
        words.Words(HtmlEntity.DeEntitize(text.ToString()));
        return words.ToString();
    }

    /// <summary>Trailing spaces off, at most one blank line in a row, no blank lines at the ends.</summary>
    private static string Tidy(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd());
        return BlankRuns().Replace(string.Join('\n', lines), "\n\n").Trim('\n', ' ');
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankRuns();

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();

        public int Length => _text.Length;
        public string Since(int start) => _text.ToString(start, _text.Length - start);

        /// <summary>Text as a browser shows it: runs of white space are one space, none at a line's start.</summary>
        public void Words(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) && c != '\u00A0')
                {
                    if (_text.Length > 0 && _text[^1] is not (' ' or '\n')) _text.Append(' ');
                }
                else _text.Append(c == '\u00A0' ? ' ' : c);
            }
        }

        public void Raw(string text) => _text.Append(text);

        /// <summary>A line break that always starts a new line, so two in a row leave an empty one.</summary>
        public void Break()
        {
            TrimSpace();
            _text.Append('\n');
        }

        public void Line()
        {
            TrimSpace();
            if (_text.Length > 0 && _text[^1] != '\n') _text.Append('\n');
        }

        public void Paragraph()
        {
            Line();
            if (_text.Length > 1 && _text[^2] != '\n') _text.Append('\n');
        }

        private void TrimSpace()
        {
            while (_text.Length > 0 && _text[^1] == ' ') _text.Length--;
        }

        public override string ToString() => _text.ToString();
    }
}
