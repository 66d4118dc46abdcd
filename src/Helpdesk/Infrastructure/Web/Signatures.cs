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

    /// <summary>Constant-time equality of two secrets, such as an API key; digests, so not even the length shows.</summary>
    public static bool SecretsMatch(string? stored, string? given) =>
        !string.IsNullOrEmpty(stored) && given is not null
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(stored)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
