namespace Helpdesk.Features.Labels;

/// <param name="Conversations">How many conversations carry it, so that whoever renames or deletes it sees what it touches.</param>
public sealed record LabelListItem(long Id, string Name, string Color, int Conversations);

public sealed record ListLabels : IRequest<List<LabelListItem>>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/labels", (IMediator m, CancellationToken ct) => m.Send(new ListLabels(), ct))
            .RequireAuthorization().WithTags("Labels");
}

public sealed class ListLabelsHandler(HelpdeskDbContext db) : IRequestHandler<ListLabels, List<LabelListItem>>
{
    public async Task<List<LabelListItem>> Handle(ListLabels r, CancellationToken ct) =>
        await db.Labels.AsNoTracking().OrderBy(l => l.Name)
            .Select(l => new LabelListItem(l.Id, l.Name, l.Color, db.ConversationLabels.Count(cl => cl.LabelId == l.Id)))
            .ToListAsync(ct);
}
