using Helpdesk.Features.Agents;

namespace Helpdesk.Features.CannedResponses;

public sealed record CreateCannedResponse(string? Shortcut, string? Title, string? Locale, string? Body, string? Purpose)
    : IRequest<CannedResponseDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/canned-responses", async (CreateCannedResponse request, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(request, ct);
                return Results.Created($"/api/canned-responses/{created.Id}", created);
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Canned responses")
            .Produces<CannedResponseDto>(StatusCodes.Status201Created);
}

public sealed class CreateCannedResponseValidator : AbstractValidator<CreateCannedResponse>
{
    public CreateCannedResponseValidator() =>
        CannedResponseRules.Apply(this, r => r.Shortcut, r => r.Title, r => r.Locale, r => r.Body, r => r.Purpose);
}

public sealed class CreateCannedResponseHandler(HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<CreateCannedResponse, CannedResponseDto>
{
    public async Task<CannedResponseDto> Handle(CreateCannedResponse r, CancellationToken ct)
    {
        await CannedResponseRules.EnsureUniqueAsync(db, r.Shortcut!, r.Locale!, 0, ct);
        var response = new CannedResponse
        {
            Shortcut = r.Shortcut!, Title = r.Title!.Trim(), Locale = r.Locale!, Body = r.Body!.Trim(), Purpose = r.Purpose!,
            UpdatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.CannedResponses.Add(response);
        await db.SaveChangesAsync(ct);
        return CannedResponseDto.From(response);
    }
}
