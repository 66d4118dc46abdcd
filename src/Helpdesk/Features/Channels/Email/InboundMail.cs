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
/// <param name="ReplyTo">A Reply-To other than the From address: shown to agents, never used to reply.</param>
public sealed record ParsedMail(
    string MessageId, IReadOnlyList<string> Answers, long? ConversationTag, string FromAddress, string? FromName,
    string? ReplyTo, string? Locale, string Subject, string Body, string? Quoted, List<Attachment> Attachments, bool Automatic)
{
    /// <summary>What the relay proved of the sender: one of <see cref="MailAuthentication"/>'s values.</summary>
    public string Authentication { get; init; } = MailAuthentication.Unchecked;
    /// <summary>False when part of the mail could not be read; the original is then attached as original.eml.</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>
/// Reads a raw mail with MimeKit: any charset and transfer encoding, the plain-text body (or
/// readable text from an HTML-only one, or format=flowed unwrapped), the quoted earlier reply
/// folded away, attachments and inline images within the size limits, and what threads it.
/// </summary>
public static partial class InboundMail
{
    /// <summary>Longest body kept as text; a mail longer than this is cut, and says so.</summary>
    public const int MaxBodyChars = 100_000;
    /// <summary>The newest message ids a mail refers to that are looked up; a thread is found by its latest few.</summary>
    public const int MaxAnswers = 100;
    /// <summary>Multiparts and forwarded mails nested deeper than this are kept as they are, not read.</summary>
    public const int MaxMimeDepth = 32;
    /// <summary>RFC 5321's longest forward path; a longer From is not an address.</summary>
    private const int MaxAddressChars = 254;
    private const int MaxSubjectChars = 1_000;
    private const int MaxNameChars = 200;
    public const string OriginalFileName = "original.eml";

    private static readonly ParserOptions Options = new() { MaxMimeDepth = MaxMimeDepth };

    // Windows and ISO code pages other than Latin-1 (windows-1257, ISO-8859-13, KOI8-R…) are not built into .NET.
    static InboundMail() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static ParsedMail Parse(byte[] raw, MailOptions limits)
    {
        var headed = HeaderLimits.Bounded(raw, out var cut);
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(headed, writable: false);
            message = MimeMessage.Load(Options, stream);
        }
        catch (FormatException e)
        {
            throw Invalid("body", $"The message is not valid MIME: {e.Message}");
        }
        if (message.Headers.Count == 0) throw Invalid("body", "The message has no headers.");
        if (message.From.Mailboxes.FirstOrDefault() is not { Address.Length: > 0 and <= MaxAddressChars } from || !from.Address.Contains('@'))
            throw Invalid("from", "The message has no From address.");

        var messageId = Clean(message.MessageId) ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw))[..40];
        var subject = message.Subject?.Trim() ?? "";
        if (subject.Length > MaxSubjectChars) subject = subject[..MaxSubjectChars];
        long? tag = Tag().Match(subject) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var number) ? number : null;

        // What cannot be read is left out and the mail kept whole beside the rest: never a failure the relay would retry for ever.
        var complete = !cut;
        string text;
        try
        {
            text = BodyText(message, ref complete);
        }
        catch (Exception)
        {
            (text, complete) = ("", false);
        }
        if (text.Length > MaxBodyChars) text = text[..MaxBodyChars] + "\n[…]";
        var (reply, quoted) = QuotedReply.Split(text);
        var attachments = new List<Attachment>();
        try
        {
            Attachments(message, limits, attachments, ref complete);
        }
        catch (Exception)
        {
            complete = false;
        }
        if (!complete)
        {
            attachments.Add(new Attachment
            {
                FileName = OriginalFileName, ContentType = "message/rfc822", Size = raw.Length,
                Content = raw.Length <= limits.MaxAttachmentBytes ? raw : null,
            });
            reply = (reply.Length > 0 ? reply + "\n\n" : "") + $"[Part of this mail could not be read; the whole mail is attached as {OriginalFileName}.]";
        }

        var name = from.Name?.Trim() is { Length: > 0 } given ? given.Length <= MaxNameChars ? given : given[..MaxNameChars] : null;
        var replyTo = message.ReplyTo.Mailboxes.Select(m => m.Address?.Trim())
            .FirstOrDefault(a => a is { Length: > 0 and <= MaxAddressChars } && a.Contains('@'));
        return new ParsedMail(
            messageId, Answers(message), tag, from.Address.Trim(), name,
            replyTo is not null && !replyTo.Equals(from.Address.Trim(), StringComparison.OrdinalIgnoreCase) ? replyTo : null,
            Language(message.Headers[HeaderId.ContentLanguage] ?? message.Body?.Headers[HeaderId.ContentLanguage]), subject, reply, quoted,
            attachments, BusinessHours.AutomaticMail.IsAutomatic(message))
        {
            Authentication = MailAuthentication.Of(message, from.Address.Trim(), limits.AuthServId),
            Complete = complete,
        };
    }

    /// <summary>In-Reply-To, then References from the newest back, each once; only the newest few of a long thread.</summary>
    private static List<string> Answers(MimeMessage message)
    {
        var answers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Clean(message.InReplyTo) is { } inReplyTo && seen.Add(inReplyTo)) answers.Add(inReplyTo);
        for (var i = message.References.Count - 1; i >= 0 && answers.Count < MaxAnswers; i--)
            if (Clean(message.References[i]) is { } id && seen.Add(id)) answers.Add(id);
        return answers;
    }

    /// <summary>The subject a conversation shows: no "Re:"/"SV:"/"AW:" prefixes and no conversation tag.</summary>
    public static string ConversationSubject(string subject)
    {
        var s = Tag().Replace(subject.Length <= MaxSubjectChars ? subject : subject[..MaxSubjectChars], "").Trim();
        var start = 0;
        while (ReplyPrefix().Match(s, start) is { Success: true } prefix)
        {
            start = prefix.Index + prefix.Length;
            while (start < s.Length && char.IsWhiteSpace(s[start])) start++;
        }
        s = s[start..];
        return s.Length == 0 ? "(no subject)" : s;
    }

    private static string BodyText(MimeMessage message, ref bool complete)
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
        if (message.HtmlBody is not { } html) return "";
        var text = HtmlText.ToText(html, out var whole);
        complete &= whole;
        return text;
    }

    private static void Attachments(MimeMessage message, MailOptions limits, List<Attachment> files, ref bool complete)
    {
        var bodyParts = new HashSet<MimeEntity>();
        if (message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsPlain && !p.IsAttachment) is { } plain) bodyParts.Add(plain);
        if (message.BodyParts.OfType<TextPart>().FirstOrDefault(p => p.IsHtml && !p.IsAttachment) is { } htmlPart) bodyParts.Add(htmlPart);

        var number = 0;
        foreach (var entity in message.BodyParts)
        {
            // Nested deeper than the parser reads: the part is the unread rest of the mail, not a file.
            if (entity is MimePart { ContentType.MediaType: var media } && (media.Equals("multipart", StringComparison.OrdinalIgnoreCase)
                || media.Equals("message", StringComparison.OrdinalIgnoreCase)))
            {
                complete = false;
                continue;
            }
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

    [GeneratedRegex(@"\G(re|fw|fwd|sv|vs|aw|wg|atb|pārs|ant)\s*(\[\d+\])?\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();
}
