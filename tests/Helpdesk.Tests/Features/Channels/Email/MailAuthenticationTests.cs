using Helpdesk.Features.Channels.Email;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels.Email;

public class MailAuthenticationTests
{
    private static string Check(string results, string from = "anna@example.dk", string? authServId = null)
    {
        var mail = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            results + $"From: <{from}>\r\nSubject: hi\r\n\r\nhi\r\n")));
        return MailAuthentication.Of(mail, from, authServId);
    }

    [Theory]
    [InlineData("mx.example; dmarc=pass header.from=example.dk")]
    [InlineData("mx.example; dkim=pass header.d=example.dk; dmarc=none")]
    [InlineData("mx.example; dkim=pass header.d=mail.example.dk")]
    [InlineData("mx.example; spf=pass smtp.mailfrom=bounces@example.dk")]
    public void A_pass_aligned_with_the_from_domain_proves_the_sender(string results) =>
        Assert.Equal(MailAuthentication.Proven, Check($"Authentication-Results: {results}\r\n"));

    [Theory]
    [InlineData("mx.example; dkim=pass header.d=mailer.example; spf=pass smtp.mailfrom=bounce@mailer.example; dmarc=fail header.from=example.dk")]
    [InlineData("mx.example; dkim=pass header.d=dk")]
    [InlineData("mx.example; dmarc=pass header.from=other.example")]
    [InlineData("mx.example; spf=softfail smtp.mailfrom=example.dk; dkim=fail header.d=example.dk")]
    [InlineData("mx.example; none")]
    public void A_failing_or_unaligned_result_leaves_the_sender_unproven(string results) =>
        Assert.Equal(MailAuthentication.Unproven, Check($"Authentication-Results: {results}\r\n"));

    [Fact]
    public void Only_the_topmost_result_counts() =>
        Assert.Equal(MailAuthentication.Unproven, Check(
            "Authentication-Results: mx.example; dmarc=fail header.from=example.dk\r\nAuthentication-Results: mx.example; dmarc=pass header.from=example.dk\r\n"));

    [Fact]
    public void Without_results_the_sender_is_unchecked() => Assert.Equal(MailAuthentication.Unchecked, Check(""));

    [Fact]
    public void Results_from_another_server_than_the_configured_relay_count_as_none() =>
        Assert.Equal(MailAuthentication.Unchecked,
            Check("Authentication-Results: attacker.example; dmarc=pass header.from=example.dk\r\n", authServId: "mx.nordlys.example"));
}
