using System.Globalization;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Reports;

/// <summary>Paces the roll-up loop: a store day is over once a day, so a slow poll is soon enough.</summary>
public sealed class RollUpSignal : WakeSignal;

/// <summary>
/// Sums each store day's reporting events into roll-up rows once the day is over (an hour's grace
/// for a commit that was under way at midnight), oldest first, a day per round. A day is rolled up
/// once across nodes: the roll-up and its day mark are one transaction under one lock, and a day
/// already marked is left alone.
/// </summary>
public sealed class RollUpReportDays(
    WriteQueue writes, RollUpSignal signal, IOptions<StoreOptions> store, TimeProvider time, ILogger<RollUpReportDays> log) : BackgroundService
{
    public const string LockKey = "report-rollups";
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        signal.LoopAsync(() => RollUpNextAsync(), Poll, log, stoppingToken);

    /// <summary>Rolls up the oldest day that is over and not rolled up yet; false when there is none.</summary>
    public async Task<bool> RollUpNextAsync()
    {
        var zone = store.Value.Zone;
        var period = new ReportPeriod(default, default, null, null, zone);
        return await writes.RunAsync(async db =>
        {
            await db.LockAsync(LockKey, CancellationToken.None);
            var now = time.GetUtcNow().UtcDateTime;
            var last = await db.ReportDays.OrderByDescending(d => d.Day).Select(d => (DateOnly?)d.Day).FirstOrDefaultAsync();
            DateOnly day;
            if (last is { } done) day = done.AddDays(1);
            else if (await db.ReportEvents.OrderBy(e => e.At).Select(e => (DateTime?)e.At).FirstOrDefaultAsync() is { } first)
                day = period.LocalDate(first);
            else return false;
            var (start, end) = (period.Start(day), period.Start(day.AddDays(1)));
            if (end + Grace > now) return false;

            var rows = new Dictionary<(string, long, long, string, string), ReportRow>();
            await foreach (var e in db.ReportEvents.AsNoTracking().Where(e => e.At >= start && e.At < end).AsAsyncEnumerable())
            {
                var key = (e.Kind, e.ChannelId, e.AgentId ?? 0, e.Tier, e.SurveyKind ?? "");
                if (!rows.TryGetValue(key, out var row)) rows[key] = row = ReportRow.For(e, day);
                row.Add(e, zone);
            }
            db.ReportRollups.AddRange(rows.Values.Select(r => new ReportRollup
            {
                Day = day, Kind = r.Kind, ChannelId = r.ChannelId, AgentId = r.AgentId, Tier = r.Tier, SurveyKind = r.SurveyKind,
                Count = r.Count, ScoreSum = r.ScoreSum, Satisfied = r.Satisfied,
                Wall = r.Wall.ToString(), Business = r.Business.ToString(),
                Hours = string.Join(',', r.Hours.Select(h => h.ToString(CultureInfo.InvariantCulture))),
            }));
            db.ReportDays.Add(new ReportDay { Day = day, BuiltAt = now });
            await db.SaveChangesAsync();
            return true;
        }, waitForRoom: true);
    }
}
