using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Reports;

/// <summary>
/// The queue as it stands this minute, for the top of the reports page: unlike the other figures it
/// is read from the conversations as they are now, not from the reporting events, since nothing has
/// happened yet to a customer who is still waiting.
/// </summary>
public sealed record GetLiveReport : IRequest<LiveReport>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/live", (IMediator m, CancellationToken ct) => m.Send(new GetLiveReport(), ct))
            .RequireAuthorization().WithTags("Reports");
}

/// <param name="Waiting">Open conversations whose customer waits for an answer.</param>
/// <param name="OldestWaitMinutes">How long the longest-waiting of them has waited; null when nobody waits.</param>
/// <param name="PastDue">Those of them past their due time.</param>
/// <param name="AgentsOnline">Agents with an inbox open and not away, on any node.</param>
public sealed record LiveReport(int Waiting, double? OldestWaitMinutes, int PastDue, int AgentsOnline);

public sealed class GetLiveReportHandler(HelpdeskDbContext db, AgentPresence presence, TimeProvider time)
    : IRequestHandler<GetLiveReport, LiveReport>
{
    public async Task<LiveReport> Handle(GetLiveReport r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // One pass over the (status, …, due time) index's open part: waiting is what take-next would offer.
        var queue = await db.Conversations.AsNoTracking()
            .Where(c => c.Status == ConversationStatuses.Open && c.WaitingSince != null)
            .GroupBy(_ => 1)
            .Select(g => new { Waiting = g.Count(), PastDue = g.Count(c => c.DueAt < now), Oldest = g.Min(c => c.WaitingSince) })
            .FirstOrDefaultAsync(ct);
        var oldest = queue?.Oldest is { } since ? Math.Max(0, (now - since).TotalMinutes) : (double?)null;
        return new LiveReport(queue?.Waiting ?? 0, oldest, queue?.PastDue ?? 0, presence.Online().Count);
    }
}
