using Helpdesk.Features.Agents;

namespace Helpdesk.Features.CannedResponses;

public sealed record UpdateCannedResponse(long Id, string? Shortcut, string? Title, string? Locale, string? Body, string? Purpose)
    : IRequest<CannedResponseDto>, IEndpoint
{
    public sealed record Input(string? Shortcut, string? Title, string? Locale, string? Body, string? Purpose);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/canned-responses/{id:long}", (long id, Input i, IMediator m, CancellationToken ct) =>
                m.Send(new UpdateCannedResponse(id, i.Shortcut, i.Title, i.Locale, i.Body, i.Purpose), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Canned responses");
}

public sealed class UpdateCannedResponseValidator : AbstractValidator<UpdateCannedResponse>
{
    public UpdateCannedResponseValidator() =>
        CannedResponseRules.Apply(this, r => r.Shortcut, r => r.Title, r => r.Locale, r => r.Body, r => r.Purpose);
}

public sealed class UpdateCannedResponseHandler(HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<UpdateCannedResponse, CannedResponseDto>
{
    public async Task<CannedResponseDto> Handle(UpdateCannedResponse r, CancellationToken ct)
    {
        var response = await db.CannedResponses.FirstOrDefaultAsync(c => c.Id == r.Id, ct) ?? throw new NotFoundException("Canned response");
        await CannedResponseRules.EnsureUniqueAsync(db, r.Shortcut!, r.Locale!, r.Id, ct);
        response.Shortcut = r.Shortcut!;
        response.Title = r.Title!.Trim();
        response.Locale = r.Locale!;
        response.Body = r.Body!.Trim();
        response.Purpose = r.Purpose!;
        response.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return CannedResponseDto.From(response);
    }
}
