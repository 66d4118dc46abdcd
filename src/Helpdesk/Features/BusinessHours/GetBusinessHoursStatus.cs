namespace Helpdesk.Features.BusinessHours;

/// <summary>Whether a channel is open now, or at any instant, and when that next changes.</summary>
public sealed record GetBusinessHoursStatus(long ChannelId, DateTimeOffset? At) : IRequest<ScheduleStatus>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/channels/{id:long}/business-hours/status", (long id, DateTimeOffset? at, IMediator m, CancellationToken ct) =>
                m.Send(new GetBusinessHoursStatus(id, at), ct))
            .RequireAuthorization().WithTags("Business hours");
}

public sealed class GetBusinessHoursStatusHandler(HelpdeskDbContext db, ChannelSchedules schedules, TimeProvider time)
    : IRequestHandler<GetBusinessHoursStatus, ScheduleStatus>
{
    public async Task<ScheduleStatus> Handle(GetBusinessHoursStatus r, CancellationToken ct)
    {
        if (!await db.Channels.AnyAsync(c => c.Id == r.ChannelId, ct)) throw new NotFoundException("Channel");
        var schedule = await schedules.ForChannelAsync(r.ChannelId, ct);
        return schedule.StatusAt((r.At ?? time.GetUtcNow()).UtcDateTime);
    }
}
