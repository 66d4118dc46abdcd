using Helpdesk.Features.Chat;
using Helpdesk.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Chat;

public sealed class VisitorTokensTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly VisitorTokens _tokens;

    public VisitorTokensTests() =>
        _tokens = new VisitorTokens(new EphemeralDataProtectionProvider(), Options.Create(new WidgetOptions { VisitorTokenDays = 30 }), _time);

    [Fact]
    public void A_token_names_its_visitor_and_channel() =>
        Assert.Equal((17L, 3L), _tokens.Read(_tokens.Issue(17, 3)));

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = _tokens.Issue(17, 3);
        _time.Advance(TimeSpan.FromDays(31));
        Assert.Null(_tokens.Read(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_refused(string token) => Assert.Null(_tokens.Read(token));

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var token = _tokens.Issue(17, 3).ToCharArray();
        token[^5] = token[^5] == 'A' ? 'B' : 'A';
        Assert.Null(_tokens.Read(new string(token)));
    }
}
