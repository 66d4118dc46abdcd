using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// The clients send at a fixed total rate, spread evenly over them, whatever the server does, so the latency
/// is what a shopper sees at that rate. Each message has a due time on an absolute schedule and goes out then
/// even if the client's previous one is still unanswered, and its latency counts from the due time: a slow ack
/// that delayed the next send, or a late send timed from when it went out, would hide the wait (coordinated omission).
/// </summary>
public static class PacedLoop
{
    /// <summary>How long calls still in flight at the end may take before they are abandoned.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Latency covers every message due in the measured window, however late its ack; the acked rate counts
    /// acks arriving in the window, as the closed loop does, so that it falls below the offered rate when the
    /// server does not keep up.
    /// </summary>
    public static async Task<LoadResult> RunAsync(
        IReadOnlyList<Sender> senders, int rate, TimeSpan warmup, TimeSpan measured, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct);
        abandon.CancelAfter(warmup + measured + Drain);

        // Each client sends every clients/rate seconds, from a random phase so that they do not all fire together.
        var interval = (double)senders.Count / rate * Stopwatch.Frequency;
        var clients = senders.Select(s => new Client(s, start + Random.Shared.NextDouble() * interval, interval)).ToArray();
        await Task.WhenAll(clients.Select(c => c.RunAsync(from, until, abandon.Token)));
        ct.ThrowIfCancellationRequested();

        return new LoadResult(
            clients.Length, measured.TotalSeconds,
            clients.Sum(c => c.AckedInWindow), clients.Sum(c => c.AckedTotal),
            clients.Sum(c => c.Errors), clients.Select(c => c.FirstError).FirstOrDefault(e => e is not null),
            clients.Count(c => c.Lost), clients.Sum(c => c.Unanswered),
            new LatencyStats(clients.Select(c => c.Latencies)));
    }

    private sealed class Client(Sender sender, double firstDue, double interval)
    {
        // A client's calls overlap, so their acks are recorded from several threads at once.
        private readonly Lock _gate = new();
        private volatile bool _lost;

        public List<long> Latencies { get; } = new(256);
        public long AckedInWindow { get; private set; }
        public long AckedTotal { get; private set; }
        public long Errors { get; private set; }
        public string? FirstError { get; private set; }
        public bool Lost => _lost;
        public int Unanswered { get; private set; }

        public async Task RunAsync(long from, long until, CancellationToken abandon)
        {
            var calls = new List<Task>();
            for (var n = 0; !_lost; n++)
            {
                var due = (long)(firstDue + n * interval);
                if (due >= until) break;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                // Rounded up: Task.Delay counts whole milliseconds, and a message sent before it is due would
                // understate its latency.
                if (wait > TimeSpan.Zero) await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), abandon);
                calls.Add(SendAsync(due, from, until, abandon));
            }
            await Task.WhenAll(calls);
        }

        private async Task SendAsync(long due, long from, long until, CancellationToken abandon)
        {
            try
            {
                await sender.SendAsync(abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                lock (_gate) Unanswered++;
                return;
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    Errors++;
                    FirstError ??= $"{e.GetType().Name}: {e.Message}";
                }
                if (sender.Connection.State != HubConnectionState.Connected) _lost = true;
                return;
            }
            var ackedAt = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                AckedTotal++;
                if (ackedAt >= from && ackedAt < until) AckedInWindow++;
                if (due >= from) Latencies.Add(ackedAt - due);
            }
        }
    }
}
