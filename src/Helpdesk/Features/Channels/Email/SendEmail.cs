using System.Text.Json.Nodes;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Outbox;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using Helpdesk.Infrastructure;
using MimeKit;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Sends an email conversation's replies: by SMTP through MailKit when <c>Smtp:Host</c> is set,
/// otherwise as .eml files in the pickup directory, where a local mail server or a person collects them.
/// </summary>
public sealed class SendEmail(IOptions<SmtpOptions> smtp, IOptions<Infrastructure.StoreOptions> store, IHostEnvironment env)
    : IOutboundChannel
{
    public string Kind => ChannelKinds.Email;

    public async Task<string?> SendAsync(Outgoing o, CancellationToken ct)
    {
        var settings = JsonNode.Parse(o.Channel.SettingsJson)?.AsObject() ?? [];
        var fromAddress = settings["address"]?.GetValue<string>()
            ?? throw new DeliveryException("The email channel has no address to send from (settings.address).", permanent: true);
        var fromName = settings["displayName"]?.GetValue<string>() ?? store.Value.Name;
        var to = o.Conversation.ContactAddress
            ?? throw new DeliveryException("The conversation has no address to reply to.", permanent: true);
        var toName = await o.Db.Customers.Where(c => c.Id == o.Conversation.CustomerId)
            .Select(c => c.Name).FirstOrDefaultAsync(ct);

        var mail = OutgoingMail.Build(o.Message, fromName, fromAddress, to, Customers.CustomerNames.Real(toName),
            await ThreadAsync(o, ct), await UnsubscribeAsync(o, ct));
        if (string.IsNullOrWhiteSpace(smtp.Value.Host)) await WritePickupAsync(mail, ct);
        else await SendSmtpAsync(mail, ct);
        return mail.MessageId;
    }

    /// <summary>A survey invitation carries its unsubscribe links in the headers too, for the mail program's button.</summary>
    private async Task<(string, string)?> UnsubscribeAsync(Outgoing o, CancellationToken ct)
    {
        if (Surveys.InviteToSurveyHandler.SurveyOf(o.Message) is not { } surveyId) return null;
        var token = await o.Db.Surveys.Where(s => s.Id == surveyId).Select(s => s.Token).FirstOrDefaultAsync(ct);
        return token is null ? null
            : (Surveys.SurveyLinks.Unsubscribe(store.Value, token), Surveys.SurveyLinks.OneClickUnsubscribe(store.Value, token));
    }

    private static async Task<MailThread> ThreadAsync(Outgoing o, CancellationToken ct)
    {
        var earlier = await o.Db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == o.Conversation.Id && m.Id < o.Message.Id && m.ProviderMessageId != null && !m.IsPrivate)
            .OrderBy(m => m.Id)
            .Select(m => new { m.ProviderMessageId, m.Sender, m.Body, m.CreatedAt })
            .ToListAsync(ct);
        var references = new List<string>();
        if (o.Conversation.ThreadId is { } root) references.Add(root);
        references.AddRange(earlier.Select(m => m.ProviderMessageId!).Where(id => !references.Contains(id)));
        var lastCustomer = earlier.LastOrDefault(m => m.Sender == Senders.Customer);
        return new MailThread(o.Conversation.Subject, references.Count > 0 ? references[^1] : null, references,
            lastCustomer?.Body, lastCustomer?.CreatedAt);
    }

    /// <summary>Written under a temporary name and then renamed, so a collector never sees half a file; the same message twice is the same file.</summary>
    private async Task WritePickupAsync(MimeMessage mail, CancellationToken ct)
    {
        var folder = Path.Combine(env.ContentRootPath, smtp.Value.PickupDirectory);
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
