using MimeKit;
using MimeKit.Cryptography;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Whether the relay that received a mail proved who sent it, from its Authentication-Results
/// (RFC 8601): DMARC passed, or DKIM or SPF passed for a domain aligned with the From address.
/// Only the topmost header counts: the relay adds its own on top, and any below it came with the
/// mail and proves nothing.
/// </summary>
public static class MailAuthentication
{
    /// <summary>The relay proved the From address's domain.</summary>
    public const string Proven = "proven";
    /// <summary>The relay checked and could not prove it (a failing or missing DMARC, DKIM and SPF): the From is only a claim.</summary>
    public const string Unproven = "unproven";
    /// <summary>The relay said nothing (or the configured relay did not): the From is trusted as mail always was, and marked unchecked.</summary>
    public const string Unchecked = "unchecked";

    /// <param name="authServId">The relay's own name in its results; when set, a topmost header from anyone else counts as none.</param>
    public static string Of(MimeMessage message, string fromAddress, string? authServId)
    {
        var topmost = message.Headers.FirstOrDefault(h => h.Id == HeaderId.AuthenticationResults);
        if (topmost is null || !AuthenticationResults.TryParse(topmost.RawValue, out var results)) return Unchecked;
        if (authServId is not null && !string.Equals(results.AuthenticationServiceIdentifier, authServId, StringComparison.OrdinalIgnoreCase))
            return Unchecked;

        var domain = DomainOf(fromAddress);
        foreach (var result in results.Results.Where(r => string.Equals(r.Result, "pass", StringComparison.OrdinalIgnoreCase)))
        {
            var aligned = result.Method.ToLowerInvariant() switch
            {
                // DMARC is itself the check of the From domain; the result names it.
                "dmarc" => Property(result, "header", "from") is not { } checkedFrom || Aligned(DomainOf(checkedFrom), domain),
                "dkim" => Aligned(Property(result, "header", "d"), domain),
                "spf" => Aligned(DomainOf(Property(result, "smtp", "mailfrom") ?? ""), domain),
                _ => false,
            };
            if (aligned) return Proven;
        }
        return Unproven;
    }

    private static string? Property(AuthenticationMethodResult result, string type, string name) =>
        result.Properties.FirstOrDefault(p => string.Equals(p.PropertyType, type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Property, name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static string DomainOf(string address) => address[(address.LastIndexOf('@') + 1)..].Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// DMARC's relaxed alignment, without a public suffix list: the same domain, or one the other's
    /// subdomain (mail.example.dk signs for example.dk). A bare top-level domain aligns with nothing.
    /// </summary>
    private static bool Aligned(string? proven, string from)
    {
        var d = proven?.Trim().TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(d) || !d.Contains('.') || !from.Contains('.')) return false;
        return d == from || from.EndsWith("." + d, StringComparison.Ordinal) || d.EndsWith("." + from, StringComparison.Ordinal);
    }
}
