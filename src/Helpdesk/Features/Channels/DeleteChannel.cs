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
        if (!await db.Channels.AnyAsync(c => c.Id == r.Id, ct)) throw new NotFoundException("Channel");
        var inUse = new ConflictException("This channel has conversations and cannot be deleted.");
        // Conversations are the shop's history: a channel that has any is kept.
        if (await db.Conversations.AnyAsync(c => c.ChannelId == r.Id, ct)) throw inUse;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.Visitors.Where(v => v.ChannelId == r.Id).ExecuteDeleteAsync(ct);
            await db.Channels.Where(c => c.Id == r.Id).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 }
                                   or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation })
        {
            // A first message arrived meanwhile: its conversation holds on to the channel.
            throw inUse;
        }
        return Unit.Value;
    }
}
