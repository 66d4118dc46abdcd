using Helpdesk.Features.Agents;

namespace Helpdesk.Features.CannedResponses;

public sealed record DeleteCannedResponse(long Id) : IRequest<Unit>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/canned-responses/{id:long}", async (long id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteCannedResponse(id), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Canned responses");
}

public sealed class DeleteCannedResponseHandler(HelpdeskDbContext db) : IRequestHandler<DeleteCannedResponse, Unit>
{
    public async Task<Unit> Handle(DeleteCannedResponse r, CancellationToken ct)
    {
        if (await db.CannedResponses.Where(c => c.Id == r.Id).ExecuteDeleteAsync(ct) == 0) throw new NotFoundException("Canned response");
        return Unit.Value;
    }
}
