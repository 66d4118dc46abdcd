using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Reports;

/// <param name="TimeZone">The store's zone (IANA), whose weekdays and hours these are.</param>
/// <param name="Counts">Seven rows, Monday first, of 24 hourly counts of new conversations.</param>
public sealed record ReportHeatmap(string TimeZone, long[][] Counts);

/// <summary>When customers write: new conversations by weekday and hour of the store's clock.</summary>
public sealed record GetReportHeatmap(DateTime? From, DateTime? To, long? ChannelId) : IRequest<ReportHeatmap>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/heatmap", (DateTime? from, DateTime? to, long? channelId, IMediator m, CancellationToken ct) =>
                m.Send(new GetReportHeatmap(from, to, channelId), ct))
            .RequireAuthorization().WithTags("Reports");
}

public sealed class GetReportHeatmapValidator(TimeProvider time) : ReportPeriodValidator<GetReportHeatmap>(time, r => r.From, r => r.To);

public sealed class GetReportHeatmapHandler(HelpdeskDbContext db, IOptions<StoreOptions> store, TimeProvider time)
    : IRequestHandler<GetReportHeatmap, ReportHeatmap>
{
    public async Task<ReportHeatmap> Handle(GetReportHeatmap r, CancellationToken ct)
    {
        var p = ReportPeriods.Of(r.From, r.To, r.ChannelId, null, store.Value, time);
        var counts = Enumerable.Range(0, 7).Select(_ => new long[24]).ToArray();
        foreach (var row in await ReportRows.LoadAsync(db, p, [ReportEventKinds.Opened], ct))
        {
            var weekday = ((int)row.Day.DayOfWeek + 6) % 7;
            for (var hour = 0; hour < 24; hour++) counts[weekday][hour] += row.Hours[hour];
        }
        return new ReportHeatmap(store.Value.TimeZone, counts);
    }
}
