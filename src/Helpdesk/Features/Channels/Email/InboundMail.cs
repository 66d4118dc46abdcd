using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation.Results;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure;
using MimeKit;
using MimeKit.Text;

namespace Helpdesk.Features.Channels.Email;

/// <summary>What the helpdesk takes from one raw RFC 5322 message.</summary>
/// <param name="MessageId">Without angle brackets; a digest of the message when it has none.</param>
/// <param name="Answers">In-Reply-To, then References from the newest back.</param>
public sealed record ParsedMail(
    string MessageId, IReadOnlyList<string> Answers, long? ConversationTag, string FromAddress, string? FromName,
    string ReplyAddress, string? Locale, string Subject, string Body, string? Quoted, List<Attachment> Attachments, bool Automatic);

/// <summary>
/// Reads a raw mail with MimeKit: any charset and transfer encoding, the plain-text body (or
/// readable text from an HTML-only one, or format=flowed unwrapped), the quoted earlier reply
/// folded away, attachments and inline images within the size limits, and what threads it.
/// </summary>
public static partial class InboundMail
{
    /// <summary>Longest body kept as text; a mail longer than this is cut, and says so.</summary>
    public const int MaxBodyChars = 100_000;

    // Windows and ISO code pages other than Latin-1 (windows-1257, ISO-8859-13, KOI8-R…) are not built into .NET.
    static InboundMail() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static ParsedMail Parse(byte[] raw, MailOptions limits)
    {
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = MimeMessage.Load(stream);
        }
        catch (FormatException e)
        {
            throw Invalid("body", $"The message is not valid MIME: {e.Message}");
        }
        if (message.Headers.Count == 0) throw Invalid("body", "The message has no headers.");
        if (message.From.Mailboxes.FirstOrDefault() is not { Address.Length: > 0 } from || !from.Address.Contains('@'))
            throw Invalid("from", "The message has no From address.");

        var messageId = Clean(message.MessageId) ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw))[..40];
        var answers = new List<string>();
        if (Clean(message.InReplyTo) is { } inReplyTo) answers.Add(inReplyTo);
        foreach (var reference in message.References.Reverse())
            if (Clean(reference) is { } id && !answers.Contains(id)) answers.Add(id);

        var subject = message.Subject?.Trim() ?? "";
        long? tag = Tag().Match(subject) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var number) ? number : null;

        var text = BodyText(message);
        if (text.Length > MaxBodyChars) text = text[..MaxBodyChars] + "\n[…]";
        var (reply, quoted) = QuotedReply.Split(text);

        var replyTo = message.ReplyTo.Mailboxes.FirstOrDefault(m => m.Address?.Contains('@') == true)?.Address;
        return new ParsedMail(
            messageId, answers, tag, from.Address.Trim(), string.IsNullOrWhiteSpace(from.Name) ? null : from.Name.Trim(),
            (replyTo ?? from.Address).Trim(), Language(message.Headers[HeaderId.ContentLanguage] ?? message.Body?.Headers[HeaderId.ContentLanguage]), subject, reply, quoted,
            Attachments(message, limits), BusinessHours.AutomaticMail.IsAutomatic(message));
    }

    /// <summary>The subject a conversation shows: no "Re:"/"SV:"/"AW:" prefixes and no conversation tag.</summary>
    public static string ConversationSubject(string subject)
    {
        var s = Tag().Replace(subject, "").Trim();
        while (ReplyPrefix().Match(s) is { Success: true } prefix) s = s[prefix.Length..].Trim();
        return s.Length == 0 ? "(no subject)" : s;
    }

    private static string BodyText(MimeMessage message)
    {
        var plain = message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsPlain && !p.IsAttachment);
        if (plain is not null && message.TextBody is { } textBody)
        {
            var format = plain.ContentType.Parameters["format"];
            if (string.Equals(format, "flowed", StringComparison.OrdinalIgnoreCase))
                return new FlowedToText { DeleteSpace = string.Equals(plain.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase) }
                    .Convert(textBody).Trim();
            return textBody.Replace("\r\n", "\n").Trim();
        }
        return message.HtmlBody is { } html ? HtmlText.ToText(html) : "";
    }

    private static List<Attachment> Attachments(MimeMessage message, MailOptions limits)
    {
        var bodyParts = new HashSet<MimeEntity>();
        if (message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsPlain && !p.IsAttachment) is { } plain) bodyParts.Add(plain);
        if (message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsHtml && !p.IsAttachment) is { } htmlPart) bodyParts.Add(htmlPart);

        var files = new List<Attachment>();
        var number = 0;
        foreach (var entity in message.BodyParts)
        {
            if (bodyParts.Contains(entity) || files.Count >= limits.MaxAttachments) continue;
            number++;
            using var content = new MemoryStream();
            string contentType;
            string? name;
            bool inline;
            switch (entity)
            {
                case MessagePart forwarded when forwarded.Message is not null:
                    forwarded.Message.WriteTo(content);
                    contentType = "message/rfc822";
                    name = forwarded.ContentDisposition?.FileName ?? forwarded.Message.Subject ?? "message";
                    if (!name.EndsWith(".eml", StringComparison.OrdinalIgnoreCase)) name += ".eml";
                    inline = false;
                    break;
                case MimePart part when part.Content is not null:
                    // A text part that is not the body (a second text, a signature file) is an attachment like any other.
                    part.Content.DecodeTo(content);
                    contentType = part.ContentType.MimeType.ToLowerInvariant();
                    name = part.FileName;
                    inline = !part.IsAttachment && part.ContentId is not null;
                    break;
                default:
                    continue;
            }
            var size = content.Length;
            files.Add(new Attachment
            {
                FileName = SafeName(name, number, contentType),
                ContentType = contentType.Length <= 255 ? contentType : "application/octet-stream",
                Size = size,
                Inline = inline,
                Content = size <= limits.MaxAttachmentBytes ? content.ToArray() : null,
            });
        }
        return files;
    }

    /// <summary>Only the name, without folders or control characters, at most 200 characters.</summary>
    private static string SafeName(string? name, int number, string contentType)
    {
        name = name?[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new string((name ?? "").Select(c => char.IsControl(c) || c is '/' or '\\' or '"' ? '_' : c).ToArray()).Trim();
        if (cleaned is "" or "." or "..")
            cleaned = $"attachment-{number}" + (MimeTypes.TryGetExtension(contentType, out var extension) ? extension : "");
        return cleaned.Length <= 200 ? cleaned : cleaned[..100] + "…" + cleaned[^99..];
    }

    private static string? Clean(string? id) =>
        id?.Trim().Trim('<', '>').Trim() is { Length: > 0 and <= 500 } cleaned ? cleaned : null;

    private static string? Language(string? contentLanguage) =>
        contentLanguage?.Split(',')[0].Trim() is { Length: >= 2 and <= 35 } language && LanguageTag().IsMatch(language) ? language : null;

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    [GeneratedRegex(@"\[#(\d{1,18})\]")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^(re|fw|fwd|sv|vs|aw|wg|atb|pārs|ant)\s*(\[\d+\])?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
