using System.Diagnostics;
using System.Net;

namespace Helpdesk.Benchmarks;

/// <summary>
/// HTTP requests in a closed loop: each of <c>concurrency</c> workers sends, awaits the answer and sends
/// again at once, so the rate is what the server can take. A request counts when it is answered 200 and
/// the answer arrives in the measured window; any other answer, or none, is a request not accepted.
/// </summary>
public static class HttpClosedLoop
{
    public sealed record Result(LatencyStats Latency, double Seconds, long Failed, string? FirstError)
    {
        public double PerSecond => Latency.Count / Seconds;
    }

    /// <summary>One request of a worker, and what to do once it was accepted (told whether it counted).</summary>
    public sealed record Request(Func<CancellationToken, Task<(HttpStatusCode Status, string Body)>> Send, Action<bool> Accepted);

    /// <param name="next">The worker's next request, from its own seeded random source.</param>
    public static async Task<Result> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan measured, Func<Random, Request> next, CancellationToken ct)
    {
        var from = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var until = from + (long)(measured.TotalSeconds * Stopwatch.Frequency);
        string? firstError = null;
        long failed = 0;

        var perWorker = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            var ticks = new List<long>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var request = next(random);
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    var (status, body) = await request.Send(ct);
                    error = status == HttpStatusCode.OK ? null : $"{(int)status}: {body}";
                }
                catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !ct.IsCancellationRequested)
                {
                    // No answer (refused, reset, or none within the client's timeout) is a request not accepted too.
                    error = $"{e.GetType().Name}: {e.Message}";
                }
                var end = Stopwatch.GetTimestamp();
                if (error is not null)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, error, null);
                    // A failing server answers at once: pausing keeps errors from becoming a busy loop.
                    await Task.Delay(50, ct);
                    continue;
                }
                var counted = end >= from && end < until;
                if (counted) ticks.Add(end - start);
                request.Accepted(counted);
            }
            return ticks;
        }));
        return new Result(new LatencyStats(perWorker), measured.TotalSeconds, failed, firstError);
    }
}
