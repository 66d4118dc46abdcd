using Helpdesk.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Agents;

public sealed record AgentDto(long Id, string Name, string Email, string Role);

public sealed record SignIn(string? Email, string? Password) : IRequest<Agent>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/login", async (SignIn request, HttpContext http, IMediator m) =>
            {
                var agent = await m.Send(request, http.RequestAborted);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    AgentClaims.For(agent, CookieAuthenticationDefaults.AuthenticationScheme));
                return new AgentDto(agent.Id, agent.Name, agent.Email, agent.Role);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithTags("Agents");

    public const string RateLimitPolicy = "sign-in";
}

public sealed class SignInValidator : AbstractValidator<SignIn>
{
    public SignInValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(320);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(1000);
    }
}

public sealed class SignInHandler(
    HelpdeskDbContext db, IPasswordHasher<Agent> hasher, IOptions<RateLimitOptions> limits, TimeProvider time)
    : IRequestHandler<SignIn, Agent>
{
    private static readonly Agent Nobody = new() { Name = "", Email = "" };
    private static readonly string NobodysHash = new PasswordHasher<Agent>().HashPassword(Nobody, Guid.NewGuid().ToString());

    public async Task<Agent> Handle(SignIn r, CancellationToken ct)
    {
        var email = r.Email!.Trim().ToLowerInvariant();
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Email == email, ct);
        var now = time.GetUtcNow().UtcDateTime;
        // One answer for unknown address, wrong password and locked account: nothing to probe.
        var refused = new UnauthorizedException("The email or password is not correct, or the account is locked for a while.");
        // Unknown addresses cost a hash too, so response times do not tell which addresses exist.
        var result = hasher.VerifyHashedPassword(agent ?? Nobody, agent?.PasswordHash ?? NobodysHash, r.Password!);
        if (agent is null || agent.LockedUntil > now) throw refused;
        if (result == PasswordVerificationResult.Failed)
        {
            agent.FailedSignIns++;
            if (agent.FailedSignIns >= limits.Value.SignInAttempts)
            {
                agent.LockedUntil = now.AddMinutes(limits.Value.LockoutMinutes);
                agent.FailedSignIns = 0;
            }
            await db.SaveChangesAsync(ct);
            throw refused;
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded) agent.PasswordHash = hasher.HashPassword(agent, r.Password!);
        agent.FailedSignIns = 0;
        agent.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return agent;
    }
}
