using System.Security.Cryptography;
using System.Text;

namespace Helpdesk.Features.Verification;

/// <summary>
/// A one-time code mailed to an address a widget visitor wants to prove is theirs. Only a salted
/// hash of the code is kept; it is good for one use, within <see cref="Lifetime"/>.
/// </summary>
public sealed class VerificationCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public long Id { get; set; }
    public long VisitorId { get; set; }
    /// <summary>The address the code went to, trimmed and lower-case.</summary>
    public required string Email { get; set; }
    public required byte[] Salt { get; set; }
    public required byte[] Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }

    /// <summary>A new random six-digit code and the row that remembers it without keeping it.</summary>
    public static (VerificationCode Row, string Code) New(long visitorId, string email, DateTime now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        var salt = RandomNumberGenerator.GetBytes(16);
        return (new VerificationCode
        {
            VisitorId = visitorId, Email = email, Salt = salt, Hash = HashOf(salt, code), CreatedAt = now, ExpiresAt = now + Lifetime,
        }, code);
    }

    public bool Matches(string code) => CryptographicOperations.FixedTimeEquals(Hash, HashOf(Salt, code));

    private static byte[] HashOf(byte[] salt, string code) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(code));

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
