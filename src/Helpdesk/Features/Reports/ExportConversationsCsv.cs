using System.Globalization;
using CsvHelper;

namespace Helpdesk.Features.Reports;

/// <summary>One conversation as the export lists it; durations in seconds, times in UTC.</summary>
public sealed record ConversationCsvRow(
    long Id, string Channel, string Tier, string Status, DateTime CreatedAt,
    double? FirstResponseSeconds, double? ResolutionSeconds, string? Agent, int? CsatScore);

/// <summary>
/// The conversations created in a period, one CSV row each, for a spreadsheet: the tier they opened
/// with, where they stand now, the first response, the time spent resolving them (every cycle, a
/// reopened one's too), the agent who resolved them last (else who answered first) and the latest
/// answer to a survey about them.
/// </summary>
public sealed record ExportConversationsCsv(DateTime? From, DateTime? To, long? ChannelId)
    : IRequest<IAsyncEnumerable<ConversationCsvRow>>, IEndpoint
{
    public static readonly string[] Header =
        ["id", "channel", "tier", "status", "createdAt", "firstResponseSeconds", "resolutionSeconds", "agent", "csatScore"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/conversations.csv", async (DateTime? from, DateTime? to, long? channelId, IMediator m, HttpContext http) =>
            {
                var rows = await m.Send(new ExportConversationsCsv(from, to, channelId), http.RequestAborted);
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"conversations.csv\"";
                await WriteAsync(http.Response.Body, rows, http.RequestAborted);
            })
            .RequireAuthorization().WithTags("Reports").Produces(200, contentType: "text/csv");

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<ConversationCsvRow> rows, CancellationToken ct)
    {
        // A cell an agent or a customer could shape never runs as a spreadsheet formula.
        var options = new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = false, NewLine = "\r\n" };
        await using var csv = CsvWriter.Create(body, options, true);
        await csv.WriteRecordAsync(Header, ct);
        await foreach (var row in rows.WithCancellation(ct))
            await csv.WriteRecordAsync([
                row.Id.ToString(CultureInfo.InvariantCulture), row.Channel, row.Tier, row.Status,
                row.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                Seconds(row.FirstResponseSeconds), Seconds(row.ResolutionSeconds), row.Agent ?? "",
                row.CsatScore?.ToString(CultureInfo.InvariantCulture) ?? "",
            ], ct);
        await csv.FlushAsync(ct);
    }

    private static string Seconds(double? seconds) =>
        seconds is { } s ? Math.Round(s).ToString(CultureInfo.InvariantCulture) : "";
}

public sealed class ExportConversationsCsvValidator(TimeProvider time) : ReportPeriodValidator<ExportConversationsCsv>(time, r => r.From, r => r.To);

public sealed class ExportConversationsCsvHandler(HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<ExportConversationsCsv, IAsyncEnumerable<ConversationCsvRow>>
{
    private const int Batch = 1000;

    public Task<IAsyncEnumerable<ConversationCsvRow>> Handle(ExportConversationsCsv r, CancellationToken ct)
    {
        var (from, to) = ReportPeriods.Bounds(r.From, r.To, time);
        return Task.FromResult(RowsAsync(from, to, r.ChannelId, ct));
    }

    private async IAsyncEnumerable<ConversationCsvRow> RowsAsync(
        DateTime from, DateTime to, long? channelId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Kind, ct);
        var agents = await db.Agents.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var opened = db.ReportEvents.AsNoTracking()
            .Where(e => e.Kind == ReportEventKinds.Opened && e.At >= from && e.At < to);
        if (channelId is { } channel) opened = opened.Where(e => e.ChannelId == channel);
        var afterId = 0L;
        while (true)
        {
            // In batches by id, so a year's export holds a thousand conversations in memory, not all of them.
            var batch = await opened.Where(e => e.ConversationId > afterId).OrderBy(e => e.ConversationId).Take(Batch)
                .Select(e => new { e.ConversationId, e.ChannelId, e.Tier, e.At }).ToListAsync(ct);
            if (batch.Count == 0) yield break;
            var ids = batch.Select(b => b.ConversationId).ToList();
            var events = await db.ReportEvents.AsNoTracking()
                .Where(e => ids.Contains(e.ConversationId)
                    && (e.Kind == ReportEventKinds.FirstResponse || e.Kind == ReportEventKinds.Resolved))
                .OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new { e.ConversationId, e.Kind, e.AgentId, e.Seconds }).ToListAsync(ct);
            var statuses = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.Status, ct);
            var scores = (await db.Surveys.AsNoTracking()
                    .Where(s => s.ConversationId != null && ids.Contains(s.ConversationId.Value) && s.Score != null)
                    .OrderBy(s => s.ResolvedAt).Select(s => new { s.ConversationId, s.Score }).ToListAsync(ct))
                .GroupBy(s => s.ConversationId!.Value).ToDictionary(g => g.Key, g => g.Last().Score);
            var byConversation = events.ToLookup(e => e.ConversationId);
            foreach (var b in batch)
            {
                var mine = byConversation[b.ConversationId].ToList();
                var first = mine.FirstOrDefault(e => e.Kind == ReportEventKinds.FirstResponse);
                var resolutions = mine.Where(e => e.Kind == ReportEventKinds.Resolved).ToList();
                var agent = resolutions.LastOrDefault()?.AgentId ?? first?.AgentId;
                yield return new ConversationCsvRow(
                    b.ConversationId, channels.GetValueOrDefault(b.ChannelId, ""), b.Tier,
                    statuses.GetValueOrDefault(b.ConversationId, ""), b.At, first?.Seconds,
                    resolutions.Count == 0 ? null : resolutions.Sum(e => e.Seconds ?? 0),
                    agent is { } id ? agents.GetValueOrDefault(id) : null, scores.GetValueOrDefault(b.ConversationId));
            }
            afterId = batch[^1].ConversationId;
        }
    }
}
