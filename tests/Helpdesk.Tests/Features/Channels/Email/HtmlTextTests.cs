using Helpdesk.Features.Channels.Email;

namespace Helpdesk.Tests.Features.Channels.Email;

public class HtmlTextTests
{
    [Fact]
    public void Paragraphs_are_separated_by_a_blank_line() =>
        Assert.Equal("First paragraph.\n\nSecond paragraph.", HtmlText.ToText("<p>First paragraph.</p><p>Second paragraph.</p>"));

    [Fact]
    public void Headings_stand_apart_like_paragraphs() =>
        Assert.Equal("Your order\n\nIt has shipped.", HtmlText.ToText("<h1>Your order</h1>It has shipped."));

    [Fact]
    public void Line_breaks_are_kept() =>
        Assert.Equal("Anna Berg\nStorgade 1\n8000 Aarhus", HtmlText.ToText("Anna Berg<br>Storgade 1<br/>8000 Aarhus<br />"));

    [Theory]
    [InlineData("Thanks!<br><br>Anna")]
    [InlineData("<div>Thanks!</div><div><br></div><div>Anna</div>")]
    [InlineData("<div dir=\"ltr\">Thanks!<br><div><br></div><div>Anna</div></div>")]
    public void An_empty_line_between_lines_is_kept(string html) =>
        Assert.Equal("Thanks!\n\nAnna", HtmlText.ToText(html));

    [Fact]
    public void Divs_start_new_lines() =>
        Assert.Equal("One\nTwo\nThree", HtmlText.ToText("<div>One</div><div>Two</div>Three"));

    [Fact]
    public void Lists_are_bulleted() =>
        Assert.Equal(
            "Please send:\n\n• a new zip\n• a return label\n\nSteps:\n\n• open the box\n• check the label",
            HtmlText.ToText("<p>Please send:</p><ul>\n  <li>a new zip</li>\n  <li>a return label</li>\n</ul><p>Steps:</p><ol><li>open the box<li>check the label</ol>"));

    [Fact]
    public void Links_are_followed_by_their_address() =>
        Assert.Equal(
            "Track it here (https://track.example/1042?lang=da) or read our terms (http://shop.example/terms).",
            HtmlText.ToText("Track it <a href=\"https://track.example/1042?lang=da\">here</a> or read <a href='http://shop.example/terms'>our terms</a>."));

    [Theory]
    [InlineData("<a href=\"https://shop.example/\">https://shop.example</a>", "https://shop.example")]
    [InlineData("<a href=\"https://shop.example/orders\">shop.example/orders</a>", "shop.example/orders")]
    [InlineData("<a href=\"mailto:support@nordlys.example\">support@nordlys.example</a>", "support@nordlys.example")]
    [InlineData("<a href=\"tel:+4512345678\">call us</a>", "call us")]
    [InlineData("<a href=\"#top\">top</a>", "top")]
    [InlineData("<a name=\"top\">top</a>", "top")]
    public void Links_that_show_their_address_or_are_not_web_addresses_are_not_repeated(string html, string expected) =>
        Assert.Equal(expected, HtmlText.ToText(html));

    [Fact]
    public void Link_addresses_are_decoded() =>
        Assert.Equal(
            "Open (https://track.example/?order=1042&lang=da)",
            HtmlText.ToText("<a href=\"https://track.example/?order=1042&amp;lang=da\">Open</a>"));

    [Fact]
    public void Link_showing_its_own_address_with_an_ampersand_is_not_repeated() =>
        Assert.Equal(
            "https://track.example/?order=1042&lang=da",
            HtmlText.ToText("<a href=\"https://track.example/?order=1042&amp;lang=da\">https://track.example/?order=1042&amp;lang=da</a>"));

    [Fact]
    public void Entities_are_decoded() =>
        Assert.Equal(
            "Fish & chips  €5 <b> æøå Š ©",
            HtmlText.ToText("<p>Fish &amp; chips&nbsp;&nbsp;&euro;5 &lt;b&gt; &aelig;&oslash;&aring; &#352; &#xA9;</p>"));

    [Fact]
    public void Non_breaking_spaces_are_plain_spaces_that_do_not_collapse() =>
        Assert.Equal("a   b", HtmlText.ToText("a&nbsp;&nbsp;&nbsp;b"));

    [Fact]
    public void White_space_collapses_as_in_a_browser() =>
        Assert.Equal("Hello world, how are you?", HtmlText.ToText("<p>\n   Hello\n      world,\thow   are\r\n you?  </p>"));

    [Fact]
    public void Scripts_styles_and_the_head_never_show()
    {
        var text = HtmlText.ToText("""
            <!DOCTYPE html>
            <html>
            <head>
              <meta charset="utf-8">
              <title>Secret title</title>
              <style>body { font-family: Arial; } .x { color: red }</style>
              <script type="text/javascript">var secret = "script";</script>
            </head>
            <body>
              <script>alert("also a secret")</script>
              <noscript>Enable JavaScript</noscript>
              <template><p>template text</p></template>
              <p>Visible words.</p>
              <style>.late { display: none }</style>
            </body>
            </html>
            """);

        Assert.Equal("Visible words.", text);
    }

    [Fact]
    public void Hidden_preheaders_never_show() =>
        Assert.Equal("Hello Anna", HtmlText.ToText("<div style=\"display: none; max-height: 0\">Preview text for the inbox</div><p>Hello Anna</p>"));

    [Fact]
    public void Html_comments_never_show() =>
        Assert.Equal("Hello", HtmlText.ToText("<!-- [if mso]>Outlook only<![endif] --><p>Hello</p>"));

    [Fact]
    public void Preformatted_text_keeps_its_spacing() =>
        Assert.Equal("Order:\n\nItem     Qty\nJacket     1\n\nThanks", HtmlText.ToText("<p>Order:</p><pre>Item     Qty\nJacket     1</pre>Thanks"));

    [Fact]
    public void Quoted_blocks_are_marked_with_angle_brackets() =>
        Assert.Equal(
            "Yes, please.\n\n> Shall we send a new one?\n>\n> Mikkel",
            HtmlText.ToText("<p>Yes, please.</p><blockquote><p>Shall we send a new one?</p><p>Mikkel</p></blockquote>"));

    [Fact]
    public void Nested_quotes_are_marked_twice() =>
        Assert.Equal(
            "Ok.\n\n> Sure.\n>\n> > Can I?",
            HtmlText.ToText("Ok.<blockquote>Sure.<blockquote>Can I?</blockquote></blockquote>"));

    [Fact]
    public void Table_rows_become_lines_and_cells_are_spaced() =>
        Assert.Equal(
            "Item Qty Price\nJacket 1 899 kr.\nSocks 2 99 kr.",
            HtmlText.ToText("<table><tr><th>Item</th><th>Qty</th><th>Price</th></tr><tr><td>Jacket</td><td>1</td><td>899 kr.</td></tr>" +
                            "<tr><td>Socks</td><td>2</td><td>99 kr.</td></tr></table>"));

    [Fact]
    public void Images_show_their_alt_text_only() =>
        Assert.Equal("[Nordlys logo] Hello", HtmlText.ToText("<img src=\"cid:logo\" alt=\"Nordlys logo\"><img src=\"https://track.example/pixel.gif\"> Hello"));

    [Fact]
    public void A_rule_is_a_line_of_dashes() =>
        Assert.Equal("Above\n\n---\n\nBelow", HtmlText.ToText("Above<hr>Below"));

    [Fact]
    public void At_most_one_blank_line_in_a_row() =>
        Assert.Equal("a\n\nb", HtmlText.ToText("<p>a</p><br><br><br><br><p></p><div></div><p>b</p>"));

    [Fact]
    public void Broken_html_is_read_as_far_as_it_goes() =>
        Assert.Equal("Unclosed bold text", HtmlText.ToText("<p>Unclosed <b>bold <i>text"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html><body></body></html>")]
    [InlineData("<script>only</script>")]
    public void Html_without_visible_words_is_empty(string html) => Assert.Equal("", HtmlText.ToText(html));

    [Fact]
    public void Gmail_reply_marks_the_earlier_mail_as_quoted() =>
        Assert.Equal(
            "Thanks, that worked!\n\nAnna\n\n" +
            "On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example> wrote:\n\n" +
            "> Hi Anna,\n> please try restarting the app.",
            HtmlText.ToText(
                "<div dir=\"ltr\">Thanks, that worked!<div><br></div><div>Anna</div></div><br>" +
                "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, 23 Nov 2026 at 10:04, Nordlys Support &lt;" +
                "<a href=\"mailto:support@nordlys.example\">support@nordlys.example</a>&gt; wrote:<br></div>" +
                "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">" +
                "<div dir=\"ltr\">Hi Anna,<div>please try restarting the app.</div></div></blockquote></div>"));

    [Fact]
    public void Fifty_thousand_nested_divs_give_their_text_quickly_without_exhausting_the_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 50_000)) + "Where is my parcel?" + string.Concat(Enumerable.Repeat("</div>", 50_000));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var text = HtmlText.ToText(html, out var complete);

        Assert.Contains("Where is my parcel?", text);
        Assert.False(complete);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Nesting_a_mail_program_produces_is_read_in_full() =>
        Assert.Equal("Thanks\n\n> > > deep",
            HtmlText.ToText(string.Concat(Enumerable.Repeat("<div>", 60)) + "Thanks<blockquote><blockquote><blockquote>deep</blockquote></blockquote></blockquote>"));

    [Fact]
    public void Ten_thousand_nested_quotes_and_unclosed_tags_are_read_in_bounded_time()
    {
        var quotes = string.Concat(Enumerable.Repeat("<blockquote>a", 10_000));
        var bold = string.Concat(Enumerable.Repeat("<b><i>a", 20_000));
        var openTags = string.Concat(Enumerable.Repeat("<<a", 50_000));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var html in new[] { quotes, bold, openTags }) Assert.NotNull(HtmlText.ToText(html));

        Assert.True(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Html_longer_than_the_limit_is_cut_and_says_it_is_incomplete()
    {
        var html = "<p>" + new string('a', HtmlText.MaxHtmlChars) + "</p><p>the end</p>";

        var text = HtmlText.ToText(html, out var complete);

        Assert.False(complete);
        Assert.DoesNotContain("the end", text);
    }
}
