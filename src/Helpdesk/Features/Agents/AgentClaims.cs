using System.Security.Claims;

namespace Helpdesk.Features.Agents;

public static class AgentClaims
{
    public static long AgentId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new UnauthorizedException("Not signed in."));

    public static string AgentName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";

    public static ClaimsPrincipal For(Agent agent, string scheme) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()),
            new Claim(ClaimTypes.Name, agent.Name),
            new Claim(ClaimTypes.Email, agent.Email),
            new Claim(ClaimTypes.Role, agent.Role),
        ], scheme));
}
