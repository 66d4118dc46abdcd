using System.Text;
using Helpdesk.Features.Channels.Email;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels.Email;

public class HeaderLimitsTests
{
    private static MimeMessage Load(byte[] raw) => MimeMessage.Load(new MemoryStream(raw));

    [Fact]
    public void A_mail_within_the_limits_is_left_as_it_is()
    {
        var raw = Encoding.ASCII.GetBytes("From: <anna@example.net>\r\nSubject: Hi\r\n  there\r\n\r\nHello\r\n");

        Assert.Same(raw, HeaderLimits.Bounded(raw, out var cut));
        Assert.False(cut);
    }

    [Fact]
    public void Long_fields_keep_their_start_and_addresses_and_references_their_end()
    {
        var raw = Encoding.ASCII.GetBytes(
            $"From: {new string('M', 1_000_000)} <anna@example.net>\r\nSubject: Start {new string('s', 1_000_000)}\r\n" +
            "References:" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $" <r{i}@example.net>\r\n")) + "\r\nHello\r\n");

        var mail = Load(HeaderLimits.Bounded(raw, out var cut));

        Assert.True(cut);
        Assert.Equal("anna@example.net", mail.From.Mailboxes.Single().Address);
        Assert.StartsWith("Start sss", mail.Subject);
        Assert.True(mail.Subject!.Length <= HeaderLimits.MaxFieldBytes);
        Assert.Equal("r9999@example.net", mail.References[^1]);
        Assert.True(mail.References.Count < 1_000);
        Assert.Equal("Hello", mail.TextBody!.Trim());
    }

    [Fact]
    public void Fields_beyond_the_limit_are_dropped() =>
        Assert.Equal(HeaderLimits.MaxFields, Load(HeaderLimits.Bounded(
            Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("X-A: b\r\n", 50_000)) + "\r\nhi\r\n"), out _)).Headers.Count);
}
