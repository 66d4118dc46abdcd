using MimeKit;

namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// Mail that a machine sent (RFC 3834 §2 and §3.1): auto-replies, bounces, mailing lists. Answering
/// it automatically risks a loop between two auto-responders, so it never gets an after-hours reply.
/// </summary>
public static class AutomaticMail
{
    private static readonly string[] MachineSenders = ["mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply"];

    public static bool IsAutomatic(MimeMessage mail)
    {
        var headers = mail.Headers;
        if (headers["Auto-Submitted"] is { } autoSubmitted && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
            return true;
        if (headers["Precedence"]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list") return true;
        // Microsoft's and others' own markers for the same thing.
        if (headers.Contains("X-Auto-Response-Suppress") && headers["X-Auto-Response-Suppress"]!.Contains("All", StringComparison.OrdinalIgnoreCase)
            || headers.Contains("List-Id") || headers.Contains("List-Unsubscribe")) return true;
        // A bounce has an empty return path.
        if (headers["Return-Path"]?.Trim() == "<>") return true;
        var senders = mail.From.Mailboxes.Concat(mail.Sender is null ? [] : [mail.Sender]);
        return senders.Any(m => IsMachine(m.LocalPart));
    }

    private static bool IsMachine(string localPart)
    {
        var local = localPart.ToLowerInvariant();
        return MachineSenders.Any(s => local == s || local.StartsWith(s + "+", StringComparison.Ordinal)
            || local.StartsWith(s + "-", StringComparison.Ordinal) || local.StartsWith(s + ".", StringComparison.Ordinal));
    }
}
