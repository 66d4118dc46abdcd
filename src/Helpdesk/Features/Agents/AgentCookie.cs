using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Helpdesk.Features.Agents;

/// <summary>
/// A cookie is only as good as the agent behind it: at most once a minute it is compared with the
/// database, and a disabled agent's, or one from before a password or role change, is refused and
/// removed. A cookie that passes is re-issued with the agent's current name and role and a fresh check time.
/// </summary>
public static class AgentCookie
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public static readonly TimeSpan CheckEvery = TimeSpan.FromMinutes(1);

    public static Task SignInAsync(HttpContext http, Agent agent) =>
        http.SignInAsync(Scheme, AgentClaims.For(agent, Scheme, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var user = context.Principal!;
        // A check time in the future (a clock set back) is no reason to skip the check.
        if (user.Checked() is { } checkedAt && checkedAt <= now && now - checkedAt < CheckEvery) return;

        var id = long.TryParse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var i) ? i : 0;
        var stamp = user.Stamp();
        var agent = await services.GetRequiredService<HelpdeskDbContext>().Agents.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == id, context.HttpContext.RequestAborted);
        if (agent is null || agent.Disabled || stamp is null || agent.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.ReplacePrincipal(AgentClaims.For(agent, Scheme, now));
        context.ShouldRenew = true;
    }
}
