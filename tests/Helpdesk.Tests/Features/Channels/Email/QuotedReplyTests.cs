using Helpdesk.Features.Channels.Email;

namespace Helpdesk.Tests.Features.Channels.Email;

public class QuotedReplyTests
{
    [Fact]
    public void Text_without_a_quote_is_all_reply()
    {
        var (reply, quoted) = QuotedReply.Split("  Hello,\n\nwhere is my order?\n\nAnna\n");

        Assert.Equal("Hello,\n\nwhere is my order?\n\nAnna", reply);
        Assert.Null(quoted);
    }

    [Fact]
    public void Trailing_quoted_lines_are_folded_away()
    {
        var (reply, quoted) = QuotedReply.Split("Yes, the 14th works for me.\n\n> When can we pick it up?\n>\n> Nordlys Support\n");

        Assert.Equal("Yes, the 14th works for me.", reply);
        Assert.Equal("> When can we pick it up?\n>\n> Nordlys Support", quoted);
    }

    [Fact]
    public void Windows_line_endings_are_read_like_unix_ones()
    {
        var (reply, quoted) = QuotedReply.Split("Thanks!\r\n\r\nOn Mon, 23 Nov 2026 at 10:04, Mikkel <support@nordlys.example> wrote:\r\n> Done.\r\n");

        Assert.Equal("Thanks!", reply);
        Assert.Equal("On Mon, 23 Nov 2026 at 10:04, Mikkel <support@nordlys.example> wrote:\n> Done.", quoted);
    }

    [Theory]
    [InlineData("On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example> wrote:")]
    [InlineData("On 23/11/2026 10:04, Nordlys Support wrote:")]
    [InlineData("Den man. 23. nov. 2026 kl. 10.04 skrev Nordlys Kundeservice <kundeservice@nordlys.example>:")]
    [InlineData("Am Mo., 23. Nov. 2026 um 10:04 Uhr schrieb Nordlys Kundendienst <kundendienst@nordlys.example>:")]
    [InlineData("Le lun. 23 nov. 2026 à 10:04, Nordlys <support@nordlys.example> a écrit :")]
    [InlineData("pirmd., 2026. g. 23. nov., plkst. 10:04 — lietotājs Nordlys Atbalsts (<atbalsts@nordlys.example>) rakstīja:")]
    public void Attribution_lines_start_the_quote(string attribution)
    {
        var (reply, quoted) = QuotedReply.Split($"Thank you!\n\n{attribution}\n\n> Your parcel is on its way.\n");

        Assert.Equal("Thank you!", reply);
        Assert.Equal($"{attribution}\n\n> Your parcel is on its way.", quoted);
    }

    [Fact]
    public void Latvian_attribution_starts_the_quote()
    {
        var (reply, quoted) = QuotedReply.Split(
            "Paldies, gaidīšu.\n\n2026. gada 23. nov. 10:04 Nordlys Atbalsts <atbalsts@nordlys.example> rakstīja:\n\n> Sūtījums ir ceļā.\n");

        Assert.Equal("Paldies, gaidīšu.", reply);
        Assert.Equal("2026. gada 23. nov. 10:04 Nordlys Atbalsts <atbalsts@nordlys.example> rakstīja:\n\n> Sūtījums ir ceļā.", quoted);
    }

    [Fact]
    public void Attribution_wrapped_over_two_lines_starts_the_quote()
    {
        var (reply, quoted) = QuotedReply.Split(
            "Thanks, that worked!\n\nOn Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example>\nwrote:\n\n> Hi Anna,\n");

        Assert.Equal("Thanks, that worked!", reply);
        Assert.StartsWith("On Mon, 23 Nov 2026 at 10:04", quoted);
        Assert.EndsWith("> Hi Anna,", quoted);
    }

    [Fact]
    public void Outlook_header_block_starts_the_quote()
    {
        const string text = """
            Thanks, I'll wait for it.

            Anna

            From: Nordlys Support <support@nordlys.example>
            Sent: Monday, November 23, 2026 10:04 AM
            To: Anna Berg <anna@example.net>
            Subject: RE: Order 1042 [#42]

            Hi Anna, your order ships today.
            """;

        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Equal("Thanks, I'll wait for it.\n\nAnna", reply);
        Assert.Equal("From: Nordlys Support <support@nordlys.example>\nSent: Monday, November 23, 2026 10:04 AM\nTo: Anna Berg <anna@example.net>\n" +
            "Subject: RE: Order 1042 [#42]\n\nHi Anna, your order ships today.", quoted);
    }

    [Fact]
    public void Outlook_web_rule_above_the_header_block_is_not_part_of_the_reply()
    {
        const string text = """
            Thanks, I'll wait for it.

            ________________________________
            From: Nordlys Support <support@nordlys.example>
            Sent: Monday, 23 November 2026 10:04
            To: Anna Berg <anna@example.net>
            Subject: Order 1042

            Hi Anna, your order ships today.
            """;

        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Equal("Thanks, I'll wait for it.", reply);
        Assert.StartsWith("________________________________\nFrom: Nordlys Support", quoted);
        Assert.EndsWith("Hi Anna, your order ships today.", quoted);
    }

    [Theory]
    [InlineData("Fra: Nordlys Kundeservice <kundeservice@nordlys.example>\nSendt: 23. november 2026 10:04\nTil: Anna Berg <anna@example.net>\nEmne: Ordre 1042")]
    [InlineData("Von: Nordlys Kundendienst <kundendienst@nordlys.example>\nGesendet: Montag, 23. November 2026 10:04\nAn: Anna Berg <anna@example.net>\nBetreff: Bestellung 1042")]
    [InlineData("*From:* Nordlys Support <support@nordlys.example>\n*Sent:* Monday, 23 November 2026 10:04\n*To:* Anna Berg <anna@example.net>")]
    [InlineData("No: Nordlys Atbalsts <atbalsts@nordlys.example>\nNosūtīts: pirmdiena, 2026. gada 23. novembris 10:04\nKam: Anna Bērziņa")]
    public void Localised_outlook_header_blocks_start_the_quote(string headerBlock)
    {
        var (reply, quoted) = QuotedReply.Split($"Tak / Danke / Paldies.\n\n{headerBlock}\n\nEarlier text.");

        Assert.Equal("Tak / Danke / Paldies.", reply);
        Assert.Equal($"{headerBlock}\n\nEarlier text.", quoted);
    }

    [Fact]
    public void A_from_line_without_a_sent_line_is_not_a_quote()
    {
        var text = "Please change the sender of the invoice.\nFrom: Anna Berg\nTo: Anna Berg ApS\n\nThanks";

        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Equal(text, reply);
        Assert.Null(quoted);
    }

    [Theory]
    [InlineData("-----Original Message-----")]
    [InlineData("----- Original Message -----")]
    [InlineData("-----Oprindelig meddelelse-----")]
    [InlineData("-----Ursprüngliche Nachricht-----")]
    [InlineData("---------- Forwarded message ---------")]
    public void Original_message_rule_starts_the_quote(string rule)
    {
        var (reply, quoted) = QuotedReply.Split($"See below.\n\n{rule}\nFrom: Nordlys Support\nSubject: Order 1042\n\nShipped.");

        Assert.Equal("See below.", reply);
        Assert.Equal($"{rule}\nFrom: Nordlys Support\nSubject: Order 1042\n\nShipped.", quoted);
    }

    [Fact]
    public void Inline_answers_between_quoted_lines_are_not_folded()
    {
        const string text = """
            Hi,

            > Which size did you order?
            M.

            > And which colour?
            Red, please.

            Anna
            """;

        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Equal(text.ReplaceLineEndings("\n"), reply);
        Assert.Null(quoted);
    }

    [Fact]
    public void Answer_under_a_quote_is_not_folded()
    {
        var (reply, quoted) = QuotedReply.Split("> Which size did you order?\n\nM, please.");

        Assert.Equal("> Which size did you order?\n\nM, please.", reply);
        Assert.Null(quoted);
    }

    [Theory]
    [InlineData("> Hello\n> World")]
    [InlineData("On Mon, 23 Nov 2026 at 10:04, Anna <anna@example.net> wrote:\n> Hello")]
    [InlineData("-----Original Message-----\nFrom: Anna\nSent: Monday\n\nHello")]
    [InlineData("\n\nFrom: Anna Berg <anna@example.net>\nSent: Monday, 23 November 2026 10:04\n\nHello")]
    public void Mail_that_is_entirely_a_quote_keeps_the_whole_text(string text)
    {
        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Equal(text.Trim(), reply);
        Assert.Null(quoted);
    }

    [Fact]
    public void Only_the_first_quote_start_splits()
    {
        var (reply, quoted) = QuotedReply.Split(
            "New words.\n\nOn Mon, 23 Nov 2026 at 10:04, Mikkel wrote:\n> Older words.\n>\n> On Sun, 22 Nov 2026 at 09:00, Anna wrote:\n> > Oldest words.");

        Assert.Equal("New words.", reply);
        Assert.StartsWith("On Mon, 23 Nov 2026 at 10:04, Mikkel wrote:", quoted);
        Assert.EndsWith("> > Oldest words.", quoted);
    }

    [Fact]
    public void A_sentence_that_mentions_wrote_is_not_an_attribution()
    {
        var text = "On the label it says I wrote the wrong address, can you fix it?\nThanks";

        Assert.Equal((text, (string?)null), QuotedReply.Split(text));
    }

    [Fact]
    public void Thousands_of_quoted_lines_followed_by_an_answer_are_split_in_linear_time()
    {
        var text = "Hello\n" + string.Concat(Enumerable.Repeat(">\n", 50_000)) + "an answer under the quote";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (reply, quoted) = QuotedReply.Split(text);

        Assert.Null(quoted);
        Assert.EndsWith("an answer under the quote", reply);
        Assert.True(watch.ElapsedMilliseconds < 500, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Thousands_of_rule_lines_are_split_in_linear_time()
    {
        var text = "Hello\n" + string.Concat(Enumerable.Repeat("__________\n", 9_000)) + "end";

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (reply, _) = QuotedReply.Split(text);

        Assert.EndsWith("end", reply);
        Assert.True(watch.ElapsedMilliseconds < 500, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_rule_before_an_attribution_still_starts_the_quote()
    {
        var (reply, quoted) = QuotedReply.Split("Thanks\n__________\nFrom: Nordlys <support@nordlys.example>\nSent: Monday\nDone.");

        Assert.Equal("Thanks", reply);
        Assert.StartsWith("__________", quoted);
    }
}
