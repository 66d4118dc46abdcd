using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

public sealed record SignIn(string? Email, string? Password) : IRequest<Agent>, IEndpoint
{
    /// <summary>The client's address (behind a configured proxy, the one it forwarded), for the throttle.</summary>
    [JsonIgnore] public IPAddress? Address { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/login", async (SignIn request, HttpContext http, IMediator m) =>
            {
                var agent = await m.Send(request with { Address = http.Connection.RemoteIpAddress }, http.RequestAborted);
                await AgentCookie.SignInAsync(http, agent);
                return AgentDto.Of(agent);
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.SignIn).WithTags("Agents");
}

public sealed class SignInValidator : AbstractValidator<SignIn>
{
    public SignInValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(320);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(1000);
    }
}

public sealed class SignInHandler(HelpdeskDbContext db, IPasswordHasher<Agent> hasher, SignInThrottle throttle)
    : IRequestHandler<SignIn, Agent>
{
    private static readonly Agent Nobody = new() { Name = "", Email = "" };
    private static readonly string NobodysHash = new PasswordHasher<Agent>().HashPassword(Nobody, Guid.NewGuid().ToString());

    public async Task<Agent> Handle(SignIn r, CancellationToken ct)
    {
        var email = r.Email!.Trim().ToLowerInvariant();
        // Checked before anything else, the right password included: a guesser learns nothing while waiting.
        throttle.Begin(email, r.Address);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Email == email, ct);
        // Unknown addresses cost a hash too, so response times do not tell which addresses exist.
        var result = hasher.VerifyHashedPassword(agent ?? Nobody, agent?.PasswordHash ?? NobodysHash, r.Password!);
        if (agent is null || agent.Disabled || agent.PasswordHash.Length == 0 || result == PasswordVerificationResult.Failed)
        {
            throttle.Failed(r.Address);
            // One answer for unknown address, wrong password and disabled agent: nothing to probe.
            throw new UnauthorizedException("The email or password is not correct.");
        }
        throttle.Succeeded(email, r.Address);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            agent.PasswordHash = hasher.HashPassword(agent, r.Password!);
            await db.SaveChangesAsync(ct);
        }
        return agent;
    }
}
