using System.Text;
using FluentValidation;
using Helpdesk.Features.Channels.Email;
using Helpdesk.Infrastructure;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels.Email;

public class InboundMailTests
{
    private static byte[] Raw(string mime) => Encoding.UTF8.GetBytes(mime.ReplaceLineEndings("\r\n") + "\r\n");

    private static ParsedMail Parse(string mime, MailOptions? limits = null) => InboundMail.Parse(Raw(mime), limits ?? new MailOptions());

    private const string Headers = """
        From: Anna Berg <anna@example.net>
        To: Nordlys Support <support@nordlys.example>
        Date: Mon, 23 Nov 2026 10:04:00 +0100
        Message-ID: <a1@example.net>
        MIME-Version: 1.0
        """;

    private const string Pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

    private const string PdfBase64 = """
        JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2Jq
        CjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFtdIC9Db3VudCAwID4+CmVuZG9iagp0cmFp
        bGVyCjw8IC9Sb290IDEgMCBSID4+CiUlRU9GCg==
        """;

    /// <summary>A 1×1 PNG of 70 bytes.</summary>
    private const string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    // ---- charsets and transfer encodings ----

    [Fact]
    public void Quoted_printable_latin1_danish_text_is_decoded_with_soft_breaks_joined()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Ombytning
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Hej! Jeg har bestilt en r=F8d jakke i st=F8rrelse M, men fik en bl=E5 i st=
            =F8rrelse L. Kan jeg bytte den i butikken p=E5 =D8stergade i =C5rhus?

            Med venlig hilsen
            S=F8ren =C6r=F8
            """);

        Assert.Equal(
            "Hej! Jeg har bestilt en rød jakke i størrelse M, men fik en blå i størrelse L. Kan jeg bytte den i butikken på Østergade i Århus?\n\n" +
            "Med venlig hilsen\nSøren Ærø", mail.Body);
        Assert.Null(mail.Quoted);
        Assert.Empty(mail.Attachments);
    }

    [Theory]
    [InlineData("windows-1257")]
    [InlineData("ISO-8859-13")]
    public void Base64_baltic_latvian_text_is_decoded(string charset)
    {
        var mail = Parse($"""
            {Headers}
            Subject: Pasutijums
            Content-Type: text/plain; charset="{charset}"
            Content-Transfer-Encoding: base64

            TGFiZGllbiEgUGFz+3TuanUgemHvdSD+YWtldGksIGJldCBzYfLnbXUgemlsdS4gTPtkenUsIGFw
            bWFpbmlldCDwbyBwcmV0IO5zdG8ga3Lic3UuDQpBciBjaWXydSwNCt5hbmlzINB0ZWlucw0K
            """);

        Assert.Equal("Labdien! Pasūtīju zaļu žaketi, bet saņēmu zilu. Lūdzu, apmainiet šo pret īsto krāsu.\nAr cieņu,\nŽanis Šteins", mail.Body);
    }

    [Fact]
    public void Utf8_8bit_german_text_is_read_as_it_is()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Umtausch
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Grüß Gott! Die Jacke ist mir zu groß, ich möchte sie gegen Größe M tauschen.
            Schöne Grüße aus München, Straße der Einheit 5
            """);

        Assert.Equal("Grüß Gott! Die Jacke ist mir zu groß, ich möchte sie gegen Größe M tauschen.\nSchöne Grüße aus München, Straße der Einheit 5", mail.Body);
    }

    [Fact]
    public void Subject_of_encoded_words_in_two_charsets_is_decoded()
    {
        var mail = Parse($"""
            {Headers}
            Subject: =?utf-8?B?UGFzxat0xKtqdW1zIE5yLiAxMDQyIOKAkyA=?=
             =?iso-8859-1?Q?ombytning_af_st=F8rrelse?=
            Content-Type: text/plain; charset=us-ascii

            Hello
            """);

        Assert.Equal("Pasūtījums Nr. 1042 – ombytning af størrelse", mail.Subject);
        Assert.Equal("Pasūtījums Nr. 1042 – ombytning af størrelse", InboundMail.ConversationSubject(mail.Subject));
    }

    // ---- which part is the body ----

    [Fact]
    public void Plain_text_is_chosen_over_html_in_an_alternative()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Question
            Content-Type: multipart/alternative; boundary="alt-7f3a"

            This is a multi-part message in MIME format.

            --alt-7f3a
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 7bit

            Is the jacket waterproof?
            --alt-7f3a
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: 7bit

            <html><body><p><b>Is the jacket</b> waterproof? (HTML)</p></body></html>
            --alt-7f3a--
            """);

        Assert.Equal("Is the jacket waterproof?", mail.Body);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public void Html_only_mail_becomes_readable_text()
    {
        var mail = Parse($$"""
            {{Headers}}
            Subject: Return
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <html><head><style>p { color: red; }</style><title>Return request</title></he=
            ad><body>
            <script>document.write('never shown')</script>
            <p>Hej Nordlys,</p>
            <p>I would like to return the following items from my la=
            st order:</p>
            <ul><li>1 =C3=97 jacket, size M</li><li>2 =C3=97 wool socks</li></ul>
            <p>My order is <a href=3D"https://shop.example/orders/1042">here</a>.<br>Than=
            ks &amp; regards,&nbsp;Anna</p>
            </body></html>
            """);

        Assert.Equal(
            "Hej Nordlys,\n\nI would like to return the following items from my last order:\n\n" +
            "• 1 × jacket, size M\n• 2 × wool socks\n\n" +
            "My order is here (https://shop.example/orders/1042).\nThanks & regards, Anna", mail.Body);
        Assert.DoesNotContain("never shown", mail.Body);
        Assert.DoesNotContain("color", mail.Body);
        Assert.DoesNotContain("Return request", mail.Body);
        Assert.Empty(mail.Attachments);
    }

    [Fact]
    public void A_body_longer_than_the_limit_is_cut_and_says_so()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Log
            Content-Type: text/plain; charset=us-ascii

            {new string('x', InboundMail.MaxBodyChars + 5_000)}
            """);

        Assert.Equal(InboundMail.MaxBodyChars + "\n[…]".Length, mail.Body.Length);
        Assert.EndsWith("x\n[…]", mail.Body);
    }

    // ---- attachments ----

    [Fact]
    public void Pdf_attachment_is_decoded_with_its_name_type_and_size()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Invoice
            Content-Type: multipart/mixed; boundary="----=_Part_1_2026"

            ------=_Part_1_2026
            Content-Type: text/plain; charset=utf-8

            The invoice is attached.
            ------=_Part_1_2026
            Content-Type: application/pdf; name="faktura-1042.pdf"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="faktura-1042.pdf"

            {PdfBase64}
            ------=_Part_1_2026--
            """);

        Assert.Equal("The invoice is attached.", mail.Body);
        var pdf = Assert.Single(mail.Attachments);
        Assert.Equal("faktura-1042.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.Equal(Pdf.Length, pdf.Size);
        Assert.Equal(Encoding.ASCII.GetBytes(Pdf), pdf.Content);
        Assert.False(pdf.Inline);
    }

    [Fact]
    public void Inline_image_referenced_by_cid_is_inline()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Torn label
            Content-Type: multipart/related; boundary="rel-19"; type="text/html"

            --rel-19
            Content-Type: text/html; charset=utf-8

            <p>The label is torn, see the photo:</p><p><img src="cid:photo1@example.net" alt="photo of the label"></p>
            --rel-19
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-ID: <photo1@example.net>
            Content-Disposition: inline; filename="label.png"

            {PngBase64}
            --rel-19
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-ID: <photo2@example.net>

            {PngBase64}
            --rel-19--
            """);

        Assert.Equal("The label is torn, see the photo:\n\n[photo of the label]", mail.Body);
        Assert.Equal(2, mail.Attachments.Count);
        var photo = mail.Attachments[0];
        Assert.Equal("label.png", photo.FileName);
        Assert.Equal("image/png", photo.ContentType);
        Assert.True(photo.Inline);
        Assert.Equal(70, photo.Size);
        Assert.Equal(Convert.FromBase64String(PngBase64), photo.Content);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, photo.Content![..4]);
        // A part without a name gets one from its number and type.
        Assert.Equal("attachment-2.png", mail.Attachments[1].FileName);
        Assert.True(mail.Attachments[1].Inline);
    }

    [Fact]
    public void Attachment_over_the_size_limit_is_listed_without_its_content()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Two files
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            Two files.
            --mix
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="big.pdf"

            {PdfBase64}
            --mix
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="small.png"

            {PngBase64}
            --mix--
            """, new MailOptions { MaxAttachmentBytes = 100 });

        Assert.Equal(2, mail.Attachments.Count);
        var big = mail.Attachments[0];
        Assert.Equal("big.pdf", big.FileName);
        Assert.Equal(Pdf.Length, big.Size);
        Assert.Null(big.Content);
        var small = mail.Attachments[1];
        Assert.Equal(70, small.Size);
        Assert.NotNull(small.Content);
    }

    [Fact]
    public void Attachments_beyond_the_count_limit_are_left_out()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Two files
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            Two files.
            --mix
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="one.png"

            {PngBase64}
            --mix
            Content-Type: image/png
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="two.png"

            {PngBase64}
            --mix--
            """, new MailOptions { MaxAttachments = 1 });

        Assert.Equal("one.png", Assert.Single(mail.Attachments).FileName);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("/var/mail/../../root/.ssh/authorized_keys", "authorized_keys")]
    [InlineData("..", "attachment-1.pdf")]
    [InlineData("../", "attachment-1.pdf")]
    public void File_name_with_folders_is_reduced_to_a_safe_name(string fileName, string expected)
    {
        var mail = Parse($"""
            {Headers}
            Subject: Sneaky
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            See attached.
            --mix
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="{fileName}"

            {PdfBase64}
            --mix--
            """);

        var file = Assert.Single(mail.Attachments);
        Assert.Equal(expected, file.FileName);
        Assert.DoesNotContain('/', file.FileName);
        Assert.DoesNotContain('\\', file.FileName);
    }

    [Fact]
    public void Control_characters_in_a_file_name_are_replaced()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Odd name
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            See attached.
            --mix
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename*=utf-8''r%C3%B8d%09jakke%0A.pdf

            {PdfBase64}
            --mix--
            """);

        Assert.Equal("rød_jakke_.pdf", Assert.Single(mail.Attachments).FileName);
    }

    [Fact]
    public void Forwarded_message_becomes_an_eml_attachment()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Fwd: Your order 1042 has shipped
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain; charset=utf-8

            See the shipping mail below, the tracking link does not work.
            --outer
            Content-Type: message/rfc822
            Content-Disposition: attachment

            From: Nordlys Shop <shop@nordlys.example>
            To: anna@example.net
            Subject: Your order 1042 has shipped
            Date: Fri, 20 Nov 2026 08:00:00 +0100
            Message-ID: <ship-1042@nordlys.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Your order is on its way: https://track.example/1042
            --outer--
            """);

        Assert.Equal("See the shipping mail below, the tracking link does not work.", mail.Body);
        var eml = Assert.Single(mail.Attachments);
        Assert.Equal("Your order 1042 has shipped.eml", eml.FileName);
        Assert.Equal("message/rfc822", eml.ContentType);
        Assert.False(eml.Inline);
        Assert.Equal(eml.Content!.Length, eml.Size);
        var forwarded = MimeMessage.Load(new MemoryStream(eml.Content));
        Assert.Equal("Your order 1042 has shipped", forwarded.Subject);
        Assert.Equal("ship-1042@nordlys.example", forwarded.MessageId);
        Assert.Equal("Your order is on its way: https://track.example/1042", forwarded.TextBody?.Trim());
    }

    [Fact]
    public void Forwarded_message_that_has_a_file_name_keeps_it()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Fwd: shipping
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain; charset=utf-8

            Forwarded as a file.
            --outer
            Content-Type: message/rfc822; name="Shipping 1042.eml"
            Content-Disposition: attachment; filename="Shipping 1042.eml"

            From: Nordlys Shop <shop@nordlys.example>
            Subject: Your order 1042 has shipped
            Message-ID: <ship-1042@nordlys.example>
            Content-Type: text/plain; charset=utf-8

            On its way.
            --outer--
            """);

        Assert.Equal("Shipping 1042.eml", Assert.Single(mail.Attachments).FileName);
    }

    // ---- format=flowed ----

    [Fact]
    public void Flowed_text_is_unwrapped()
    {
        var mail = Parse(Headers.ReplaceLineEndings("\r\n") + "\r\n" +
            "Subject: Late\r\n" +
            "Content-Type: text/plain; charset=utf-8; format=flowed\r\n" +
            "Content-Transfer-Encoding: 8bit\r\n" +
            "\r\n" +
            "Hello, I ordered a jacket \r\n" +
            "last week and it has \r\n" +
            "not arrived yet.\r\n" +
            "\r\n" +
            "Anna\r\n");

        Assert.Equal("Hello, I ordered a jacket last week and it has not arrived yet.\n\nAnna", mail.Body);
    }

    [Theory]
    [InlineData("; delsp=yes", "Tak for den hurtige hjælp! Koden er ABCDEFGH.")]
    [InlineData("", "Tak for den hurtige  hjælp! Koden er ABCD EFGH.")]
    public void Flowed_text_with_delsp_loses_the_space_at_each_break(string delsp, string expected)
    {
        var mail = Parse(Headers.ReplaceLineEndings("\r\n") + "\r\n" +
            "Subject: Tak\r\n" +
            $"Content-Type: text/plain; charset=utf-8; format=flowed{delsp}\r\n" +
            "Content-Transfer-Encoding: 8bit\r\n" +
            "\r\n" +
            "Tak for den hurtige  \r\n" +
            "hjælp! Koden er ABCD \r\n" +
            "EFGH.\r\n");

        Assert.Equal(expected, mail.Body);
    }

    [Fact]
    public void Flowed_quote_is_unwrapped_and_folded_away()
    {
        var mail = Parse(Headers.ReplaceLineEndings("\r\n") + "\r\n" +
            "Subject: Re: Late\r\n" +
            "Content-Type: text/plain; charset=utf-8; format=flowed\r\n" +
            "\r\n" +
            "It arrived today, \r\n" +
            "thank you.\r\n" +
            "\r\n" +
            "On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example> wrote:\r\n" +
            "> When will my \r\n" +
            "> order ship?\r\n");

        Assert.Equal("It arrived today, thank you.", mail.Body);
        Assert.Equal("On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example> wrote:\n> When will my order ship?", mail.Quoted);
    }

    // ---- the quoted earlier thread ----

    [Fact]
    public void Gmail_html_reply_keeps_only_the_new_words()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Re: App crashes [#42]
            In-Reply-To: <helpdesk.42.7@nordlys.example>
            Content-Type: text/html; charset=UTF-8
            Content-Transfer-Encoding: quoted-printable

            <div dir=3D"ltr">Thanks, that worked!<div><br></div><div>Anna</div></div><br=
            ><div class=3D"gmail_quote"><div dir=3D"ltr" class=3D"gmail_attr">On Mon, 23=
             Nov 2026 at 10:04, Nordlys Support &lt;<a href=3D"mailto:support@nordlys.ex=
            ample">support@nordlys.example</a>&gt; wrote:<br></div><blockquote class=3D"=
            gmail_quote" style=3D"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204=
            ,204,204);padding-left:1ex"><div dir=3D"ltr">Hi Anna,<div>please try restart=
            ing the app.</div><div><br></div><div>Mikkel</div></div></blockquote></div>
            """);

        Assert.Equal("Thanks, that worked!\n\nAnna", mail.Body);
        Assert.Equal(
            "On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example> wrote:\n\n" +
            "> Hi Anna,\n> please try restarting the app.\n>\n> Mikkel", mail.Quoted);
    }

    [Fact]
    public void Gmail_plain_reply_with_a_wrapped_attribution_keeps_only_the_new_words()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Re: App crashes [#42]
            Content-Type: multipart/alternative; boundary="000000000000a1b2c3"

            --000000000000a1b2c3
            Content-Type: text/plain; charset="UTF-8"

            Thanks, that worked!

            Anna

            On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example>
            wrote:

            > Hi Anna,
            > please try restarting the app.
            >

            --000000000000a1b2c3
            Content-Type: text/html; charset="UTF-8"

            <div dir="ltr">Thanks, that worked!</div>
            --000000000000a1b2c3--
            """);

        Assert.Equal("Thanks, that worked!\n\nAnna", mail.Body);
        Assert.Equal("On Mon, 23 Nov 2026 at 10:04, Nordlys Support <support@nordlys.example>\nwrote:\n\n> Hi Anna,\n> please try restarting the app.\n>", mail.Quoted);
    }

    [Fact]
    public void Outlook_reply_keeps_only_the_new_words()
    {
        var mail = Parse($"""
            {Headers}
            Subject: SV: Bestilling 1042 [#42]
            Content-Type: text/plain; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            Tak, s=E5 venter jeg.

            Fra: Nordlys Kundeservice <kundeservice@nordlys.example>
            Sendt: 23. november 2026 10:04
            Til: Anna Berg <anna@example.net>
            Emne: Bestilling 1042 [#42]

            Hej Anna, pakken er sendt i dag.
            """);

        Assert.Equal("Tak, så venter jeg.", mail.Body);
        Assert.StartsWith("Fra: Nordlys Kundeservice", mail.Quoted);
        Assert.EndsWith("pakken er sendt i dag.", mail.Quoted);
    }

    public static TheoryData<string, string, string, string> Replies => new()
    {
        {
            "text/plain; charset=utf-8\nContent-Transfer-Encoding: 7bit",
            """
            Thanks, I'll wait for it.

            ________________________________
            From: Nordlys Support <support@nordlys.example>
            Sent: Monday, 23 November 2026 10:04
            To: Anna Berg <anna@example.net>
            Subject: Order 1042 [#42]

            Hi Anna, your order ships today.
            """,
            "Thanks, I'll wait for it.",
            "________________________________\nFrom: Nordlys Support <support@nordlys.example>\nSent: Monday, 23 November 2026 10:04"
        },
        {
            "text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
            """
            Danke, dann warte ich.

            Von: Nordlys Kundendienst <kundendienst@nordlys.example>=20
            Gesendet: Montag, 23. November 2026 10:04
            An: Anna Berg <anna@example.net>
            Betreff: Bestellung 1042 [#42]

            Hallo Anna, Ihre Bestellung wird heute verschickt. Gr=C3=BC=C3=9Fe
            """,
            "Danke, dann warte ich.",
            "Von: Nordlys Kundendienst <kundendienst@nordlys.example> \nGesendet: Montag, 23. November 2026 10:04"
        },
        {
            "text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit",
            """
            Please cancel it instead.

            -----Original Message-----
            From: Nordlys Support [mailto:support@nordlys.example]
            Sent: Monday, November 23, 2026 10:04 AM
            To: Anna Berg
            Subject: Order 1042

            Your order ships today.
            """,
            "Please cancel it instead.",
            "-----Original Message-----\nFrom: Nordlys Support [mailto:support@nordlys.example]"
        },
        {
            "text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable",
            """
            Paldies, gaid=C4=AB=C5=A1u.

            2026. gada 23. nov. 10:04 Nordlys Atbalsts <atbalsts@nordlys.example> rakst=
            =C4=ABja:

            > S=C5=ABt=C4=ABjums ir ce=C4=BC=C4=81.
            """,
            "Paldies, gaidīšu.",
            "2026. gada 23. nov. 10:04 Nordlys Atbalsts <atbalsts@nordlys.example> rakstīja:\n\n> Sūtījums ir ceļā."
        },
        {
            "text/plain; charset=utf-8",
            """
            Yes, the 14th works for me.

            > When can we pick it up?
            > Nordlys Support
            """,
            "Yes, the 14th works for me.",
            "> When can we pick it up?\n> Nordlys Support"
        },
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Replies_from_common_mail_programs_keep_only_the_new_words(string contentType, string body, string reply, string quotedStart)
    {
        var mail = Parse($"""
            {Headers}
            Subject: Re: Order 1042 [#42]
            Content-Type: {contentType}

            {body}
            """);

        Assert.Equal(reply, mail.Body);
        Assert.NotNull(mail.Quoted);
        Assert.StartsWith(quotedStart, mail.Quoted);
    }

    [Fact]
    public void Inline_answers_in_a_mail_are_not_folded()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Re: Order 1042 [#42]
            Content-Type: text/plain; charset=utf-8

            Hi,

            > Which size did you order?
            M.

            > And which colour?
            Red, please.
            """);

        Assert.Equal("Hi,\n\n> Which size did you order?\nM.\n\n> And which colour?\nRed, please.", mail.Body);
        Assert.Null(mail.Quoted);
    }

    [Fact]
    public void A_mail_that_is_all_quote_keeps_it_as_the_body()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Fwd: Order 1042
            Content-Type: text/plain; charset=utf-8

            ---------- Forwarded message ---------
            From: Nordlys Shop <shop@nordlys.example>
            Date: Mon, 23 Nov 2026 at 10:04
            Subject: Order 1042

            Your order ships today.
            """);

        Assert.StartsWith("---------- Forwarded message ---------\nFrom: Nordlys Shop", mail.Body);
        Assert.EndsWith("Your order ships today.", mail.Body);
        Assert.Null(mail.Quoted);
    }

    [Fact]
    public void A_second_text_part_is_an_attachment()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Notes
            Content-Type: multipart/mixed; boundary="mix"

            --mix
            Content-Type: text/plain; charset=utf-8

            My notes are attached.
            --mix
            Content-Type: text/plain; charset=utf-8; name="notes.txt"
            Content-Disposition: attachment; filename="notes.txt"
            Content-Transfer-Encoding: quoted-printable

            Gr=C3=B8n jakke, st=C3=B8rrelse M
            --mix--
            """);

        Assert.Equal("My notes are attached.", mail.Body);
        var notes = Assert.Single(mail.Attachments);
        Assert.Equal("notes.txt", notes.FileName);
        Assert.Equal("text/plain", notes.ContentType);
        Assert.Equal("Grøn jakke, størrelse M", Encoding.UTF8.GetString(notes.Content!).TrimEnd());
    }

    // ---- threading ----

    [Fact]
    public void Thread_ids_come_without_angle_brackets_newest_first()
    {
        var mail = Parse("""
            From: Anna Berg <anna@example.net>
            To: support@nordlys.example
            Subject: Re: Broken zip [#42]
            Date: Mon, 23 Nov 2026 10:04:00 +0100
            Message-ID: <CAJ7x=abc+123@mail.gmail.com>
            In-Reply-To: <helpdesk.42.7@nordlys.example>
            References: <first@example.net> <helpdesk.42.3@nordlys.example>
             <second@example.net> <helpdesk.42.7@nordlys.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Still broken.
            """);

        Assert.Equal("CAJ7x=abc+123@mail.gmail.com", mail.MessageId);
        Assert.Equal(
            ["helpdesk.42.7@nordlys.example", "second@example.net", "helpdesk.42.3@nordlys.example", "first@example.net"],
            mail.Answers);
        Assert.Equal(42, mail.ConversationTag);
        Assert.Equal("Re: Broken zip [#42]", mail.Subject);
    }

    [Fact]
    public void In_reply_to_alone_is_the_only_answer()
    {
        var mail = Parse("""
            From: anna@example.net
            Subject: Re: Question
            In-Reply-To: <q-1@nordlys.example>
            Content-Type: text/plain

            Yes.
            """);

        Assert.Equal(["q-1@nordlys.example"], mail.Answers);
        Assert.Null(mail.ConversationTag);
    }

    [Fact]
    public void A_new_mail_answers_nothing()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Question
            Content-Type: text/plain

            Hello?
            """);

        Assert.Equal("a1@example.net", mail.MessageId);
        Assert.Empty(mail.Answers);
        Assert.Null(mail.ConversationTag);
    }

    [Fact]
    public void A_missing_message_id_is_a_stable_digest_of_the_message()
    {
        const string mime = """
            From: Anna Berg <anna@example.net>
            To: support@nordlys.example
            Subject: No id
            Date: Mon, 23 Nov 2026 10:04:00 +0100
            Content-Type: text/plain; charset=utf-8

            My mail program forgot the Message-ID.
            """;
        var first = Parse(mime);
        var again = Parse(mime);
        var other = Parse(mime.Replace("forgot", "lost"));

        Assert.Matches("^sha256:[0-9a-f]{40}$", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Theory]
    [InlineData("Re: Broken zip [#123]", 123L)]
    [InlineData("[#7] Question", 7L)]
    [InlineData("Order #123", null)]
    [InlineData("Broken zip [123]", null)]
    public void The_conversation_tag_is_read_from_the_subject(string subject, long? tag)
    {
        var mail = Parse($"""
            {Headers}
            Subject: {subject}
            Content-Type: text/plain

            Hi
            """);

        Assert.Equal(tag, mail.ConversationTag);
    }

    [Theory]
    [InlineData("Re: Broken zip [#123]", "Broken zip")]
    [InlineData("RE: SV: AW: Fwd: Broken zip", "Broken zip")]
    [InlineData("Re: Re: re: Broken zip", "Broken zip")]
    [InlineData("Re:Broken zip", "Broken zip")]
    [InlineData("Re[2]: Broken zip", "Broken zip")]
    [InlineData("SV: [#42] Bestilling", "Bestilling")]
    [InlineData("WG: Reklamation", "Reklamation")]
    [InlineData("Fwd: Retour: Broken zip", "Retour: Broken zip")]
    [InlineData("Reply needed", "Reply needed")]
    [InlineData("  Broken zip  ", "Broken zip")]
    [InlineData("Re: ", "(no subject)")]
    [InlineData("Re: [#5]", "(no subject)")]
    [InlineData("", "(no subject)")]
    public void Conversation_subject_has_no_reply_prefixes_or_tag(string subject, string expected) =>
        Assert.Equal(expected, InboundMail.ConversationSubject(subject));

    [Fact]
    public void A_mail_without_a_subject_has_an_empty_one()
    {
        var mail = Parse("""
            From: anna@example.net
            Message-ID: <n@example.net>
            Content-Type: text/plain

            Hi
            """);

        Assert.Equal("", mail.Subject);
        Assert.Equal("(no subject)", InboundMail.ConversationSubject(mail.Subject));
    }

    // ---- sender ----

    [Fact]
    public void Reply_to_is_where_the_answer_goes()
    {
        var mail = Parse("""
            From: =?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
            Reply-To: Einkauf <einkauf@firma.example>
            Subject: Bestellung
            Message-ID: <b1@example.de>
            Content-Language: de-DE
            Content-Type: text/plain; charset=utf-8

            Hallo
            """);

        Assert.Equal("juergen@example.de", mail.FromAddress);
        Assert.Equal("Jürgen Müller", mail.FromName);
        Assert.Equal("einkauf@firma.example", mail.ReplyTo);
        Assert.Equal("de-DE", mail.Locale);
        Assert.False(mail.Automatic);
    }

    [Fact]
    public void Without_reply_to_there_is_nothing_to_show_beside_the_sender()
    {
        var mail = Parse("""
            From: anna@example.net
            Subject: Hi
            Content-Type: text/plain

            Hi
            """);

        Assert.Equal("anna@example.net", mail.FromAddress);
        Assert.Null(mail.FromName);
        Assert.Null(mail.ReplyTo);
        Assert.Null(mail.Locale);
    }

    [Theory]
    [InlineData("da-DK", "da-DK")]
    [InlineData("lv", "lv")]
    [InlineData("de, en", "de")]
    [InlineData("x", null)]
    [InlineData("en_US", null)]
    [InlineData("<script>", null)]
    public void Content_language_gives_the_locale(string header, string? locale)
    {
        var mail = Parse($"""
            {Headers}
            Subject: Hi
            Content-Language: {header}
            Content-Type: text/plain

            Hi
            """);

        Assert.Equal(locale, mail.Locale);
    }

    [Fact]
    public void Auto_replies_are_automatic()
    {
        var mail = Parse($"""
            {Headers}
            Subject: Out of office: Re: Order 1042 [#42]
            Auto-Submitted: auto-replied
            Content-Type: text/plain

            I am away until Monday.
            """);

        Assert.True(mail.Automatic);
        Assert.Equal(42, mail.ConversationTag);
    }

    // ---- bad input ----

    [Theory]
    [InlineData("\0\0garbage")]
    [InlineData("Just a line of text with no headers at all.\r\n\r\nAnd another one.\r\n")]
    [InlineData("")]
    public void Bytes_that_are_not_a_mail_are_refused(string raw)
    {
        var e = Assert.Throws<ValidationException>(() => InboundMail.Parse(Encoding.UTF8.GetBytes(raw), new MailOptions()));

        Assert.Equal("body", Assert.Single(e.Errors).PropertyName);
    }

    [Theory]
    [InlineData("To: support@nordlys.example\r\n")]
    [InlineData("From: undisclosed-recipients:;\r\n")]
    [InlineData("From: Anna Berg\r\n")]
    [InlineData("From: <>\r\n")]
    public void A_mail_without_a_from_address_is_refused(string from)
    {
        var raw = Encoding.UTF8.GetBytes(from + "Subject: Hi\r\nMessage-ID: <x@example.net>\r\nContent-Type: text/plain\r\n\r\nHello\r\n");

        var e = Assert.Throws<ValidationException>(() => InboundMail.Parse(raw, new MailOptions()));

        Assert.Equal("from", Assert.Single(e.Errors).PropertyName);
    }
}
