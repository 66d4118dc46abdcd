namespace Helpdesk.Features.CannedResponses;

public sealed record ListCannedResponses(string? Purpose) : IRequest<List<CannedResponseDto>>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/canned-responses", (string? purpose, IMediator m, CancellationToken ct) => m.Send(new ListCannedResponses(purpose), ct))
            .RequireAuthorization().WithTags("Canned responses");
}

public sealed class ListCannedResponsesValidator : AbstractValidator<ListCannedResponses>
{
    public ListCannedResponsesValidator() =>
        RuleFor(r => r.Purpose).Must(p => p is null || Purposes.All.Contains(p))
            .WithMessage("'purpose' must be macro, after-hours, survey-invitation or resolution-survey.");
}

public sealed class ListCannedResponsesHandler(HelpdeskDbContext db) : IRequestHandler<ListCannedResponses, List<CannedResponseDto>>
{
    public async Task<List<CannedResponseDto>> Handle(ListCannedResponses r, CancellationToken ct) =>
        await db.CannedResponses.AsNoTracking()
            .Where(c => r.Purpose == null || c.Purpose == r.Purpose)
            .OrderBy(c => c.Purpose).ThenBy(c => c.Shortcut).ThenBy(c => c.Locale)
            .Select(c => new CannedResponseDto(c.Id, c.Shortcut, c.Title, c.Locale, c.Body, c.Purpose))
            .ToListAsync(ct);
}
