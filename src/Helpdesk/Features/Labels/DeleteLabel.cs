using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Labels;

/// <summary>Takes a label off every conversation and out of the catalogue. Admins only (decision 0014).</summary>
public sealed record DeleteLabel(long Id) : IRequest<Unit>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/labels/{id:long}", async (long id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteLabel(id), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Labels");
}

public sealed class DeleteLabelHandler(WriteQueue writes, IMediator mediator, TimeProvider time) : IRequestHandler<DeleteLabel, Unit>
{
    public async Task<Unit> Handle(DeleteLabel r, CancellationToken ct)
    {
        var touched = await writes.RunAsync(async db =>
        {
            var touched = await db.ConversationLabels.Where(cl => cl.LabelId == r.Id).Select(cl => cl.ConversationId).ToListAsync();
            await db.ConversationLabels.Where(cl => cl.LabelId == r.Id).ExecuteDeleteAsync();
            if (await db.Labels.Where(l => l.Id == r.Id).ExecuteDeleteAsync() == 0) throw new NotFoundException("Label");
            return touched;
        });
        await LabelsChanged.PublishAsync(mediator, touched, time.GetUtcNow().UtcDateTime);
        return Unit.Value;
    }
}
