using System.Globalization;
using Helpdesk.Features.Conversations;
using MimeKit;

namespace Helpdesk.Features.Channels.Email;

/// <summary>The thread a reply continues: the customer's latest mail and the ids before it.</summary>
/// <param name="References">Message-IDs of the thread, oldest first.</param>
public sealed record MailThread(string Subject, string? InReplyTo, IReadOnlyList<string> References, string? LastCustomerBody, DateTime? LastCustomerAt);

/// <summary>
/// A reply as a MIME message: From the channel's address, To the customer, a Message-ID that
/// stays the same however often it is sent, In-Reply-To and References so mail programs thread
/// it, and the conversation's tag in the subject so a reply that lost its headers still finds it.
/// Automatic replies say so (Auto-Submitted), so other machines do not answer them.
/// </summary>
public static class OutgoingMail
{
    /// <summary>Mail programs and servers cut a References header that grows without end; the root and the latest are what thread.</summary>
    private const int MaxReferences = 20;

    public static string MessageIdFor(Message message, string fromAddress)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 && at < fromAddress.Length - 1 ? fromAddress[(at + 1)..] : "helpdesk.invalid";
        return $"helpdesk.{message.ConversationId}.{message.Id}@{domain}";
    }

    /// <summary>
    /// Who a reply is from, as the customer's mail program shows it: the agent's name as they show it to
    /// customers, then the mailbox's ("Anna (Nordlys Outdoor)"); automatic mail just the mailbox's.
    /// </summary>
    public static string SenderName(Message reply, string mailboxName) =>
        reply.Sender == Senders.Agent && !string.IsNullOrWhiteSpace(reply.AuthorName) ? $"{reply.AuthorName} ({mailboxName})" : mailboxName;

    /// <param name="unsubscribe">For a survey invitation: the page to unsubscribe on and the one-click address (RFC 8058).</param>
    public static MimeMessage Build(
        Message reply, string fromName, string fromAddress, string to, string? toName, MailThread thread,
        (string Page, string OneClick)? unsubscribe = null)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(fromName, fromAddress));
        mail.To.Add(new MailboxAddress(toName ?? "", to));
        // A survey invitation starts its conversation: it answers nothing.
        mail.Subject = Subject(thread.Subject, reply.ConversationId, isReply: unsubscribe is null);
        mail.MessageId = MessageIdFor(reply, fromAddress);
        mail.Date = new DateTimeOffset(DateTime.SpecifyKind(reply.CreatedAt, DateTimeKind.Utc));
        if (thread.InReplyTo is { } inReplyTo) mail.InReplyTo = inReplyTo;
        var references = thread.References.Count <= MaxReferences
            ? thread.References
            : [thread.References[0], .. thread.References.TakeLast(MaxReferences - 1)];
        foreach (var id in references) mail.References.Add(id);
        if (unsubscribe is { } links)
        {
            mail.Headers.Add("Auto-Submitted", "auto-generated");
            mail.Headers.Add("List-Unsubscribe", $"<{links.OneClick}>, <{links.Page}>");
            mail.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        else if (reply.Sender == Senders.Auto) mail.Headers.Add("Auto-Submitted", "auto-replied");

        var text = reply.Body;
        if (thread.LastCustomerBody is { Length: > 0 } quoted && thread.LastCustomerAt is { } at)
        {
            var attribution = string.Create(CultureInfo.InvariantCulture, $"On {at:ddd, d MMM yyyy 'at' HH:mm} UTC, {toName ?? to} wrote:");
            text += "\n\n" + attribution + "\n" + string.Join('\n', quoted.Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
        }
        mail.Body = new TextPart("plain") { Text = text.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n" };
        return mail;
    }

    /// <summary>"Re: Broken zip [#123]": one "Re:", whatever the customer's mail program added, and the tag once.</summary>
    public static string Subject(string conversationSubject, long conversationId, bool isReply = true)
    {
        var subject = InboundMail.ConversationSubject(conversationSubject);
        return isReply ? $"Re: {subject} [#{conversationId}]" : $"{subject} [#{conversationId}]";
    }
}
