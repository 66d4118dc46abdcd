using System.Text;
using Helpdesk.Features.Verification;

namespace Helpdesk.Tests.Features.Verification;

public sealed class VerificationCodeTests
{
    [Fact]
    public void A_code_is_six_digits_kept_only_as_a_salted_hash_that_matches_it_alone()
    {
        var now = DateTime.UtcNow;
        var (row, code) = VerificationCode.New(7, "karen@example.dk", now);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(32, row.Hash.Length);
        Assert.DoesNotContain(code, Encoding.UTF8.GetString(row.Hash) + Convert.ToHexString(row.Hash) + Convert.ToBase64String(row.Hash));
        Assert.True(row.Matches(code));
        Assert.False(row.Matches(((int.Parse(code) + 1) % 1_000_000).ToString("D6")));
        Assert.Equal(now.AddMinutes(10), row.ExpiresAt);
    }

    [Fact]
    public void Addresses_are_compared_trimmed_and_lower_case() =>
        Assert.Equal("karen.holm@example.dk", VerificationCode.Normalize("  Karen.Holm@Example.DK "));
}
