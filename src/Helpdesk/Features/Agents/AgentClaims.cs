using System.Globalization;
using System.Security.Claims;

namespace Helpdesk.Features.Agents;

public static class AgentClaims
{
    /// <summary>The agent's security stamp when the cookie was issued or last checked.</summary>
    public const string SecurityStamp = "helpdesk:stamp";
    /// <summary>When the cookie was last checked against the database (Unix seconds).</summary>
    public const string CheckedAt = "helpdesk:checked";

    public static long AgentId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedException("Not signed in."));

    public static string AgentName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";

    public static string? Stamp(this ClaimsPrincipal user) => user.FindFirstValue(SecurityStamp);

    public static DateTimeOffset? Checked(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(CheckedAt), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static ClaimsPrincipal For(Agent agent, string scheme, DateTimeOffset checkedAt) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, agent.Name),
            new Claim(ClaimTypes.Email, agent.Email),
            new Claim(ClaimTypes.Role, agent.Role),
            new Claim(SecurityStamp, agent.SecurityStamp),
            new Claim(CheckedAt, checkedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], scheme));
}
