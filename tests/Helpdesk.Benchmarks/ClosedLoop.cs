using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Every client sends, awaits the ack, and sends again at once: the offered load is whatever the server
/// can acknowledge, so this measures capacity. Its latency is only clients/throughput (Little's law);
/// <see cref="PacedLoop"/> measures latency at a given rate. Acks during warm-up are not counted.
/// </summary>
public static class ClosedLoop
{
    /// <summary>How long calls still in flight at the end may take before they are abandoned.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    public static async Task<LoadResult> RunAsync(
        IReadOnlyList<Sender> senders, TimeSpan warmup, TimeSpan measured, CancellationToken ct)
    {
        var from = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        abandon.CancelAfter(warmup + measured + Drain);

        var clients = senders.Select(s => new Client(s)).ToArray();
        await Task.WhenAll(clients.Select(c => c.RunAsync(from, until, abandon.Token)));
        ct.ThrowIfCancellationRequested();

        return new LoadResult(
            clients.Length, measured.TotalSeconds,
            clients.Sum(c => (long)c.Latencies.Count), clients.Sum(c => c.AckedTotal),
            clients.Sum(c => c.Errors), clients.Select(c => c.FirstError).FirstOrDefault(e => e is not null),
            clients.Count(c => c.Lost), clients.Count(c => c.Unanswered),
            new LatencyStats(clients.Select(c => c.Latencies)));
    }

    private sealed class Client(Sender sender)
    {
        public List<long> Latencies { get; } = new(4096);
        public long AckedTotal { get; private set; }
        public long Errors { get; private set; }
        public string? FirstError { get; private set; }
        public bool Lost { get; private set; }
        public bool Unanswered { get; private set; }

        public async Task RunAsync(long from, long until, CancellationToken abandon)
        {
            try
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    var sentAt = Stopwatch.GetTimestamp();
                    try
                    {
                        await sender.SendAsync(abandon);
                    }
                    catch (Exception e) when (!abandon.IsCancellationRequested)
                    {
                        Errors++;
                        FirstError ??= $"{e.GetType().Name}: {e.Message}";
                        if (sender.Connection.State != HubConnectionState.Connected)
                        {
                            Lost = true;
                            return;
                        }
                        // A failing server answers at once: pausing keeps errors from becoming a busy loop.
                        await Task.Delay(50, abandon);
                        continue;
                    }
                    var ackedAt = Stopwatch.GetTimestamp();
                    AckedTotal++;
                    if (ackedAt >= from && ackedAt < until) Latencies.Add(ackedAt - sentAt);
                }
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                Unanswered = true;
            }
        }
    }
}
