using System.Security.Cryptography;
using System.Text;

namespace Helpdesk.Infrastructure.Web;

/// <summary>HMAC-SHA256 checks of webhook bodies, compared in constant time.</summary>
public static class Signatures
{
    /// <summary>Shopify's form: base64 of HMAC-SHA256 of the raw body.</summary>
    public static bool Base64HmacMatches(string? secret, byte[] body, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature)) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        var given = new byte[64];
        return Convert.TryFromBase64String(signature, given, out var length)
               && CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, length));
    }

    /// <summary>Lowercase hex of HMAC-SHA256, as storefronts sign a customer id.</summary>
    public static bool HexHmacMatches(string? secret, byte[] data, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || signature is not { Length: 64 }) return false;
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        try
        {
            return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>"sha256=" and lowercase hex of HMAC-SHA256 of the raw body: Meta's X-Hub-Signature-256 and our own X-Helpdesk-Signature.</summary>
    public static bool Sha256HeaderMatches(string? secret, byte[] body, string? header) =>
        header is not null && header.StartsWith("sha256=", StringComparison.Ordinal)
        && HexHmacMatches(secret, body, header["sha256=".Length..].ToLowerInvariant());

    /// <summary>The header value that <see cref="Sha256HeaderMatches"/> accepts, for what we sign ourselves.</summary>
    public static string Sha256Header(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Constant-time equality of two secrets, such as an API key; digests, so not even the length shows.</summary>
    public static bool SecretsMatch(string? stored, string? given) =>
        !string.IsNullOrEmpty(stored) && given is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(stored)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
