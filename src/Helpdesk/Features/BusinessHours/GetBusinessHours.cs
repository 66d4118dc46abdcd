namespace Helpdesk.Features.BusinessHours;

/// <summary>A channel's business hours; a channel with none saved is always open.</summary>
public sealed record GetBusinessHours(long ChannelId) : IRequest<BusinessHoursDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/channels/{id:long}/business-hours", (long id, IMediator m, CancellationToken ct) =>
                m.Send(new GetBusinessHours(id), ct))
            .RequireAuthorization().WithTags("Business hours");
}

public sealed class GetBusinessHoursHandler(HelpdeskDbContext db) : IRequestHandler<GetBusinessHours, BusinessHoursDto>
{
    public async Task<BusinessHoursDto> Handle(GetBusinessHours r, CancellationToken ct)
    {
        var channel = await db.Channels.AsNoTracking().Where(c => c.Id == r.ChannelId)
            .Select(c => new { Json = db.ChannelHours.Where(h => h.ChannelId == c.Id).Select(h => h.Json).FirstOrDefault() })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        return channel.Json is null ? BusinessHoursDto.None : BusinessHoursDto.Read(channel.Json);
    }
}
