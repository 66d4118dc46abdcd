using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

public sealed record GetChannel(long Id) : IRequest<ChannelDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/channels/{id:long}", (long id, IMediator m, CancellationToken ct) => m.Send(new GetChannel(id), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Channels");
}

public sealed class GetChannelHandler(HelpdeskDbContext db) : IRequestHandler<GetChannel, ChannelDto>
{
    public async Task<ChannelDto> Handle(GetChannel r, CancellationToken ct) =>
        ChannelDto.From(await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == r.Id, ct)
            ?? throw new NotFoundException("Channel"));
}
