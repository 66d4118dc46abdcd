using System.Security.Claims;
using System.Text.Encodings.Web;
using Helpdesk.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Chat;

/// <summary>Signed, expiring tokens that name one visitor of one storefront channel.</summary>
public sealed class VisitorTokens(IDataProtectionProvider protection, IOptions<WidgetOptions> options, TimeProvider time)
{
    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Helpdesk.VisitorToken.v1").ToTimeLimitedDataProtector();

    public string Issue(long visitorId, long channelId) =>
        _protector.Protect($"{visitorId}:{channelId}",
            time.GetUtcNow().AddDays(options.Value.VisitorTokenDays));

    public (long VisitorId, long ChannelId)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000) return null;
        try
        {
            var payload = _protector.Unprotect(token, out var expires);
            if (expires < time.GetUtcNow()) return null;
            var parts = payload.Split(':');
            return (long.Parse(parts[0]), long.Parse(parts[1]));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>Authenticates the widget hub by visitor token: the access_token query or a Bearer header.</summary>
public sealed class VisitorAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, VisitorTokens tokens,
    VisitorSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Visitor";
    public const string VisitorClaim = "visitor";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = Request.Query["access_token"];
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = header["Bearer ".Length..].Trim();
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();

        if (tokens.Read(token) is not { } visitor)
            return AuthenticateResult.Fail("The visitor token is not valid or has expired.");
        if (await sessions.HasEndedAsync(visitor.VisitorId, Context.RequestAborted))
            return AuthenticateResult.Fail("The visitor's session has ended.");

        var identity = new ClaimsIdentity(
            [new Claim(VisitorClaim, visitor.VisitorId.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class VisitorClaims
{
    public static long VisitorId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirst(VisitorAuthenticationHandler.VisitorClaim)!.Value);
}
