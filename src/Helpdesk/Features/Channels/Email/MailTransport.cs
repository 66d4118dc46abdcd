using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Outbox;
using MimeKit;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Puts a finished mail on its way: by SMTP through MailKit when <c>Smtp:Host</c> is set,
/// otherwise as an .eml file in the pickup directory, where a local mail server or a person collects it.
/// </summary>
public sealed class MailTransport(IOptions<SmtpOptions> smtp, DataDirectory data)
{
    /// <exception cref="DeliveryException">The mail server refused it or could not be reached.</exception>
    public Task SendAsync(MimeMessage mail, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(smtp.Value.Host) ? WritePickupAsync(mail, ct) : SendSmtpAsync(mail, ct);

    /// <summary>Written under a temporary name and then renamed, so a collector never sees half a file; the same message twice is the same file.</summary>
    private async Task WritePickupAsync(MimeMessage mail, CancellationToken ct)
    {
        var folder = data.Resolve(smtp.Value.PickupDirectory);
        Directory.CreateDirectory(folder);
        var name = string.Concat(mail.MessageId!.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '@' ? c : '_'));
        var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.tmp");
        // As it would travel: 7-bit safe, CRLF line ends, whatever the platform.
        mail.Prepare(EncodingConstraint.SevenBit);
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await using (var file = File.Create(temporary)) await mail.WriteToAsync(format, file, ct);
        File.Move(temporary, Path.Combine(folder, name + ".eml"), overwrite: true);
    }

    private async Task SendSmtpAsync(MimeMessage mail, CancellationToken ct)
    {
        var o = smtp.Value;
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, o.Security, ct);
            if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (SmtpCommandException e)
        {
            // 5xx is the server's final word (unknown mailbox, refused content); 4xx means try later.
            throw new DeliveryException($"The mail server refused the message: {(int)e.StatusCode} {e.Message}",
                permanent: (int)e.StatusCode >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode, e);
        }
        catch (MailKit.Security.AuthenticationException e)
        {
            throw new DeliveryException("The mail server did not accept the configured user name and password.", inner: e);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or SmtpProtocolException or MailKit.ServiceNotConnectedException)
        {
            throw new DeliveryException($"The mail server {o.Host}:{o.Port} could not be reached: {e.Message}", inner: e);
        }
    }
}
