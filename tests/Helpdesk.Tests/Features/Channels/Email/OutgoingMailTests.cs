using Helpdesk.Features.Channels.Email;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels.Email;

public class OutgoingMailTests
{
    private static Message Reply(string sender = Senders.Agent, long id = 7) => new()
    {
        Id = id,
        ConversationId = 42,
        ChannelId = 3,
        Sender = sender,
        AuthorName = "Mikkel",
        Body = "Hi Anna,\n\nA new zip is on its way.\n\nMikkel",
        CreatedAt = new DateTime(2026, 11, 23, 9, 30, 0, DateTimeKind.Utc),
    };

    private static readonly MailThread Earlier = new(
        "Re: SV: Broken zip [#42]",
        "CAJ7x-3@mail.gmail.com",
        ["CAJ7x-1@mail.gmail.com", "helpdesk.42.5@nordlys.example", "CAJ7x-3@mail.gmail.com"],
        "Hi,\n\nthe zip broke again.\nAnna",
        new DateTime(2026, 11, 23, 8, 4, 0, DateTimeKind.Utc));

    private static MimeMessage Build(Message? reply = null, MailThread? thread = null, string? toName = "Anna Berg") =>
        OutgoingMail.Build(reply ?? Reply(), "Nordlys Support", "support@nordlys.example", "anna@example.net", toName, thread ?? Earlier);

    /// <summary>The message as it goes over SMTP: CRLF line endings.</summary>
    private static byte[] Bytes(MimeMessage mail)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        mail.WriteTo(options, stream);
        return stream.ToArray();
    }

    private static string Text(MimeMessage mail) => (mail.TextBody ?? "").ReplaceLineEndings("\n");

    private static MimeMessage RoundTrip(MimeMessage mail) => MimeMessage.Load(new MemoryStream(Bytes(mail)));

    [Fact]
    public void Reply_comes_from_the_channel_and_goes_to_the_customer()
    {
        var mail = RoundTrip(Build());

        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal("Nordlys Support", from.Name);
        Assert.Equal("support@nordlys.example", from.Address);
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal("Anna Berg", to.Name);
        Assert.Equal("anna@example.net", to.Address);
        Assert.Empty(mail.Cc);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), mail.Date);
    }

    [Fact]
    public void Subject_has_one_re_and_the_conversation_tag()
    {
        var mail = RoundTrip(Build());

        Assert.Equal("Re: Broken zip [#42]", mail.Subject);
    }

    [Theory]
    [InlineData("Broken zip", "Re: Broken zip [#42]")]
    [InlineData("Re: SV: Broken zip", "Re: Broken zip [#42]")]
    [InlineData("RE: AW: Fwd: Broken zip [#42]", "Re: Broken zip [#42]")]
    [InlineData("Re: Broken zip [#41]", "Re: Broken zip [#42]")]
    [InlineData("Størrelse på jakke", "Re: Størrelse på jakke [#42]")]
    [InlineData("", "Re: (no subject) [#42]")]
    public void Subject_is_built_from_the_conversation_subject(string conversationSubject, string expected) =>
        Assert.Equal(expected, OutgoingMail.Subject(conversationSubject, 42));

    [Fact]
    public void Message_id_uses_the_sending_domain_and_is_the_same_each_time()
    {
        var reply = Reply();

        var id = OutgoingMail.MessageIdFor(reply, "support@nordlys.example");

        Assert.Equal("helpdesk.42.7@nordlys.example", id);
        Assert.Equal(id, OutgoingMail.MessageIdFor(Reply(), "support@nordlys.example"));
        Assert.NotEqual(id, OutgoingMail.MessageIdFor(Reply(id: 8), "support@nordlys.example"));
        Assert.Equal(id, Build(reply).MessageId);
        Assert.Equal(id, RoundTrip(Build(reply)).MessageId);
        Assert.Equal(RoundTrip(Build(reply)).MessageId, RoundTrip(Build(reply)).MessageId);
    }

    [Theory]
    [InlineData("support", "helpdesk.42.7@helpdesk.invalid")]
    [InlineData("support@", "helpdesk.42.7@helpdesk.invalid")]
    [InlineData("a@b@mail.nordlys.example", "helpdesk.42.7@mail.nordlys.example")]
    public void Message_id_without_a_usable_domain_uses_a_reserved_one(string fromAddress, string expected) =>
        Assert.Equal(expected, OutgoingMail.MessageIdFor(Reply(), fromAddress));

    [Fact]
    public void In_reply_to_and_references_thread_the_reply()
    {
        var mail = RoundTrip(Build());

        Assert.Equal("CAJ7x-3@mail.gmail.com", mail.InReplyTo);
        Assert.Equal(["CAJ7x-1@mail.gmail.com", "helpdesk.42.5@nordlys.example", "CAJ7x-3@mail.gmail.com"], mail.References);
    }

    [Fact]
    public void References_are_capped_keeping_the_root_and_the_latest()
    {
        var ids = Enumerable.Range(0, 25).Select(i => $"m{i}@example.net").ToList();

        var mail = RoundTrip(Build(thread: Earlier with { References = ids }));

        Assert.Equal(20, mail.References.Count);
        Assert.Equal("m0@example.net", mail.References[0]);
        Assert.Equal(ids.Skip(6), mail.References.Skip(1));
    }

    [Fact]
    public void Twenty_references_are_all_kept()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"m{i}@example.net").ToList();

        Assert.Equal(ids, RoundTrip(Build(thread: Earlier with { References = ids })).References);
    }

    [Fact]
    public void First_reply_has_no_thread_headers()
    {
        var mail = RoundTrip(Build(thread: new MailThread("Question", null, [], null, null)));

        Assert.Null(mail.InReplyTo);
        Assert.Empty(mail.References);
        Assert.False(mail.Headers.Contains(HeaderId.InReplyTo));
        Assert.False(mail.Headers.Contains(HeaderId.References));
        Assert.Equal("Re: Question [#42]", mail.Subject);
        Assert.Equal("Hi Anna,\n\nA new zip is on its way.\n\nMikkel\n", Text(mail));
    }

    [Fact]
    public void The_customers_last_message_is_quoted_under_an_attribution()
    {
        var mail = RoundTrip(Build());

        Assert.Equal(
            "Hi Anna,\n\nA new zip is on its way.\n\nMikkel\n\n" +
            "On Mon, 23 Nov 2026 at 08:04 UTC, Anna Berg wrote:\n" +
            "> Hi,\n>\n> the zip broke again.\n> Anna\n",
            Text(mail));
        var text = Assert.IsType<TextPart>(mail.Body);
        Assert.True(text.IsPlain);
    }

    [Fact]
    public void Attribution_names_the_address_when_the_customer_has_no_name()
    {
        var mail = Build(toName: null);

        Assert.Contains("On Mon, 23 Nov 2026 at 08:04 UTC, anna@example.net wrote:\n", Text(mail));
        Assert.Equal("", Assert.Single(mail.To.Mailboxes).Name ?? "");
    }

    [Fact]
    public void Nothing_is_quoted_without_the_time_of_the_customers_message()
    {
        var mail = Build(thread: Earlier with { LastCustomerAt = null });

        Assert.Equal("Hi Anna,\n\nA new zip is on its way.\n\nMikkel\n", Text(mail));
    }

    [Fact]
    public void Windows_line_endings_in_the_texts_are_not_doubled()
    {
        var reply = Reply();
        reply.Body = "Line one\r\nLine two";

        var mail = Build(reply, Earlier with { LastCustomerBody = "Question one\r\nQuestion two" });

        Assert.Equal(
            "Line one\nLine two\n\nOn Mon, 23 Nov 2026 at 08:04 UTC, Anna Berg wrote:\n> Question one\n> Question two\n",
            Text(mail));
        var wire = System.Text.Encoding.UTF8.GetString(Bytes(mail));
        Assert.DoesNotContain("\r\r", wire);
        Assert.DoesNotContain("\n\n", wire);
        Assert.Contains("Line one\r\nLine two\r\n\r\nOn Mon", wire);
    }

    [Fact]
    public void Automatic_replies_say_so()
    {
        var mail = RoundTrip(Build(Reply(Senders.Auto)));

        Assert.Equal("auto-replied", mail.Headers["Auto-Submitted"]?.Trim());
    }

    [Fact]
    public void Replies_agents_write_are_not_marked_automatic()
    {
        var mail = RoundTrip(Build(Reply(Senders.Agent)));

        Assert.False(mail.Headers.Contains("Auto-Submitted"));
    }

    [Fact]
    public void Non_ascii_names_and_subjects_survive_the_trip()
    {
        var thread = Earlier with { Subject = "SV: Pasūtījums – størrelse" };

        var mail = RoundTrip(OutgoingMail.Build(Reply(), "Nordlys Kundeservice Århus", "kundeservice@nordlys.example", "zanis@example.lv", "Žanis Šteins", thread));

        Assert.Equal("Re: Pasūtījums – størrelse [#42]", mail.Subject);
        Assert.Equal("Nordlys Kundeservice Århus", mail.From.Mailboxes.Single().Name);
        Assert.Equal("Žanis Šteins", mail.To.Mailboxes.Single().Name);
        Assert.Contains("Žanis Šteins wrote:", Text(mail));
        Assert.Equal("helpdesk.42.7@nordlys.example", mail.MessageId);
        // Headers on the wire are 7-bit: encoded-words, not raw UTF-8.
        var head = System.Text.Encoding.UTF8.GetString(Bytes(mail)).Split("\r\n\r\n")[0];
        Assert.All(head, c => Assert.True(c < 128, $"'{c}' in the headers"));
    }

    [Fact]
    public void A_built_reply_reads_back_as_the_same_conversation()
    {
        var parsed = InboundMail.Parse(Bytes(Build(Reply(Senders.Auto))), new MailOptions());

        Assert.Equal("helpdesk.42.7@nordlys.example", parsed.MessageId);
        Assert.Equal(42, parsed.ConversationTag);
        Assert.Equal(["CAJ7x-3@mail.gmail.com", "helpdesk.42.5@nordlys.example", "CAJ7x-1@mail.gmail.com"], parsed.Answers);
        Assert.Equal("support@nordlys.example", parsed.FromAddress);
        Assert.Equal("Nordlys Support", parsed.FromName);
        Assert.Equal("Hi Anna,\n\nA new zip is on its way.\n\nMikkel", parsed.Body);
        Assert.Equal("On Mon, 23 Nov 2026 at 08:04 UTC, Anna Berg wrote:\n> Hi,\n>\n> the zip broke again.\n> Anna", parsed.Quoted);
        Assert.Equal("Broken zip", InboundMail.ConversationSubject(parsed.Subject));
        Assert.True(parsed.Automatic);
        Assert.Empty(parsed.Attachments);
    }
}
