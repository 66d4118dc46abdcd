using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

public sealed record ListChannels : IRequest<ChannelDto[]>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/channels", (IMediator m, CancellationToken ct) => m.Send(new ListChannels(), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Channels");
}

public sealed class ListChannelsHandler(HelpdeskDbContext db) : IRequestHandler<ListChannels, ChannelDto[]>
{
    public async Task<ChannelDto[]> Handle(ListChannels r, CancellationToken ct) =>
        (await db.Channels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct)).Select(ChannelDto.From).ToArray();
}
