using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

public sealed record DeleteChannel(long Id) : IRequest, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/channels/{id:long}", async (long id, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteChannel(id), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Channels");
}

public sealed class DeleteChannelHandler(HelpdeskDbContext db) : IRequestHandler<DeleteChannel, Unit>
{
    public async Task<Unit> Handle(DeleteChannel r, CancellationToken ct)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == r.Id, ct) ?? throw new NotFoundException("Channel");
        // Conversations are the shop's history: a channel that has any is kept.
        if (await db.Conversations.AnyAsync(c => c.ChannelId == r.Id, ct))
            throw new ConflictException("This channel has conversations and cannot be deleted.");
        db.Visitors.RemoveRange(db.Visitors.Where(v => v.ChannelId == r.Id));
        db.Channels.Remove(channel);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
