using System.Net;
using System.Text.Json.Serialization;
using FluentValidation.Results;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

/// <summary>
/// An agent changes their own password, proving they know the current one. Their other sessions end;
/// this one is signed in again and goes on.
/// </summary>
public sealed record ChangeOwnPassword(string? CurrentPassword, string? NewPassword) : IRequest<Agent>, IEndpoint
{
    [JsonIgnore] public long AgentId { get; init; }
    [JsonIgnore] public IPAddress? Address { get; init; }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/auth/password", async (ChangeOwnPassword request, HttpContext http, IMediator m) =>
            {
                var agent = await m.Send(request with { AgentId = http.User.AgentId(), Address = http.Connection.RemoteIpAddress },
                    http.RequestAborted);
                await AgentCookie.SignInAsync(http, agent);
                return Results.NoContent();
            })
            .RequireAuthorization().WithTags("Agents");
}

public sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPassword>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty().MaximumLength(1000);
        RuleFor(r => r.NewPassword).AgentPassword();
    }
}

public sealed class ChangeOwnPasswordHandler(
    HelpdeskDbContext db, IPasswordHasher<Agent> hasher, SignInThrottle throttle, InboxConnections connections)
    : IRequestHandler<ChangeOwnPassword, Agent>
{
    public async Task<Agent> Handle(ChangeOwnPassword r, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.AgentId, ct) ?? throw new UnauthorizedException("Not signed in.");
        // A stolen cookie must not become a way to guess the password faster than signing in would.
        throttle.Begin(agent.Email, r.Address);
        if (hasher.VerifyHashedPassword(agent, agent.PasswordHash, r.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            throttle.Failed(r.Address);
            throw new ValidationException([new ValidationFailure(nameof(r.CurrentPassword), "The current password is not correct.")]);
        }
        throttle.Succeeded(agent.Email, r.Address);
        agent.SetPassword(hasher, r.NewPassword!);
        await db.SaveChangesAsync(ct);
        connections.Close(agent.Id);
        return agent;
    }
}
