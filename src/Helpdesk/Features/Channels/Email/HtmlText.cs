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

    public static string ToText(string html)
    {
        var doc = new HtmlDocument();
        doc.LoadHtml(html);
        var text = new Writer();
        Walk(doc.DocumentNode, text, preformatted: false);
        return Tidy(text.ToString());
    }

    private static void Walk(HtmlNode node, Writer w, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child.NodeType)
            {
                case HtmlNodeType.Text:
                    var decoded = HtmlEntity.DeEntitize(((HtmlTextNode)child).Text);
                    if (preformatted) w.Raw(decoded);
                    else w.Words(decoded);
                    break;
                case HtmlNodeType.Element:
                    Element(child, w, preformatted);
                    break;
            }
        }
    }

    private static void Element(HtmlNode e, Writer w, bool preformatted)
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
                Walk(e, w, preformatted);
                w.Line();
                return;
            case "td" or "th":
                Walk(e, w, preformatted);
                w.Words(" ");
                return;
            case "a":
                var before = w.Length;
                Walk(e, w, preformatted);
                var href = HtmlEntity.DeEntitize(e.GetAttributeValue("href", ""));
                var shown = w.Since(before).Trim();
                if (href.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !shown.Contains(href.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
                    && !href.TrimEnd('/').EndsWith(shown, StringComparison.OrdinalIgnoreCase))
                    w.Words($" ({href})");
                return;
            case "blockquote":
                var inner = new Writer();
                Walk(e, inner, preformatted);
                w.Paragraph();
                foreach (var line in Tidy(inner.ToString()).Split('\n')) w.Raw(line.Length == 0 ? ">\n" : $"> {line}\n");
                w.Paragraph();
                return;
            case "pre":
                w.Paragraph();
                Walk(e, w, preformatted: true);
                w.Paragraph();
                return;
            case "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                w.Paragraph();
                Walk(e, w, preformatted);
                w.Paragraph();
                return;
        }
        var block = Blocks.Contains(name);
        if (block) w.Line();
        Walk(e, w, preformatted);
        if (block) w.Line();
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
