using Helpdesk.Infrastructure.Text;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

public sealed record CreateAgent(string? Name, string? Email, string? Password, string? Role, int? ChatCapacity)
    : IRequest<AgentDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/agents", async (CreateAgent request, IMediator m, CancellationToken ct) =>
            {
                var agent = await m.Send(request, ct);
                return Results.Created($"/api/agents/{agent.Id}", agent);
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Agents").Produces<AgentDto>(StatusCodes.Status201Created);
}

public sealed class CreateAgentValidator : AbstractValidator<CreateAgent>
{
    public CreateAgentValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200)
            .Must(n => !string.IsNullOrEmpty(SafeText.Name(n))).WithMessage("'name' must have visible characters.");
        RuleFor(r => r.Email).NotEmpty().MaximumLength(320).EmailAddress();
        RuleFor(r => r.Password).AgentPassword();
        RuleFor(r => r.Role).Must(role => role is null || AgentRoles.All.Contains(role))
            .WithMessage("'role' must be agent or admin.");
        RuleFor(r => r.ChatCapacity).InclusiveBetween(0, 50);
    }
}

public sealed class CreateAgentHandler(HelpdeskDbContext db, IPasswordHasher<Agent> hasher, TimeProvider time)
    : IRequestHandler<CreateAgent, AgentDto>
{
    public async Task<AgentDto> Handle(CreateAgent r, CancellationToken ct)
    {
        var email = r.Email!.Trim().ToLowerInvariant();
        if (await db.Agents.AnyAsync(a => a.Email == email, ct))
            throw new ConflictException("An agent with this email already exists.");
        var agent = new Agent
        {
            Name = SafeText.Name(r.Name)!, Email = email, Role = r.Role ?? AgentRoles.Agent,
            ChatCapacity = r.ChatCapacity ?? 5, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        agent.SetPassword(hasher, r.Password!);
        db.Agents.Add(agent);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("An agent with this email already exists.");
        }
        return new AgentDto(agent.Id, agent.Name, agent.Email, agent.Role);
    }
}
