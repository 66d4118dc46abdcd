using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// What the Redis backplane adds to a shopper's message on its way to an agent: one node alone (no Redis),
/// then two nodes sharing one PostgreSQL and one redis-server, the shoppers on node A and agents on A and on B.
/// Each message carries the time it was sent (this process's clock, which the agents' connections share), so the
/// delivery latency is measured at the agent, from the send to MessageReceived.
/// </summary>
public static class NodesScenario
{
    private const double HopP99TargetMs = 5;

    private sealed record Delivery(string Agent, LatencyStats Latency, long Received);

    private sealed record Phase(string Name, LatencyStats Ack, long Sent, long Errors, string? FirstError, List<Delivery> Deliveries);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        await using var database = await BenchDatabase.CreateAsync(BenchDatabase.Postgres, run, "helpdesk-postgres", ct);
        var password = HelpdeskProcess.NewPassword();

        Phase single;
        Report.Progress("one node: starting, without Redis");
        var alone = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: true, password, o.ServerSettings, ct, "-alone");
        await using (alone.Server)
        {
            await ChatScenario.SetStorefrontHoursAsync(alone.Server.BaseUrl, password, closed: false, ct);
            single = await MeasureAsync(o, "one node, no Redis", alone.Server.BaseUrl, [("agent on the same node", alone.Server.BaseUrl)], password, ct);
        }

        await using var redis = await RedisServer.StartAsync(run, ct);
        string[] settings = [$"Redis:Configuration={redis.Configuration}", .. o.ServerSettings];
        Report.Progress($"two nodes: starting A and B on one PostgreSQL and redis-server {redis.Configuration}");
        var a = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: true, password, settings, ct, "-a");
        await using var nodeA = a.Server;
        var b = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: true, password, settings, ct, "-b");
        await using var nodeB = b.Server;
        var two = await MeasureAsync(o, "two nodes, Redis backplane", nodeA.BaseUrl,
            [("agent on node B (Redis hop)", nodeB.BaseUrl), ("agent on node A (through Redis too)", nodeA.BaseUrl)], password, ct);

        var errors = new[] { nodeA.LoggedErrors(), nodeB.LoggedErrors() };
        return PrintSummary(o, single, two, errors.Sum(e => e.Count), errors.SelectMany(e => e.First).ToList());
    }

    private static async Task<Phase> MeasureAsync(
        BenchmarkOptions o, string name, Uri shopperNode, (string Name, Uri Node)[] agentNodes, string password, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var from = start + (long)(o.Warmup * Stopwatch.Frequency);
        var until = from + (long)(o.Seconds * Stopwatch.Frequency);

        var agents = new List<(string Name, HubConnection Connection, List<long> Ticks)>();
        foreach (var (agentName, node) in agentNodes)
        {
            var cookie = await HubClients.SignInAsync(node, HelpdeskProcess.AdminEmail, password, ct);
            var connection = HubClients.Agent(node, cookie);
            var ticks = new List<long>();
            connection.On<JsonElement>("MessageReceived", m =>
            {
                var now = Stopwatch.GetTimestamp();
                if (m.TryGetProperty("body", out var body) && body.GetString() is ['t', ..] text
                    && long.TryParse(text[1..text.IndexOf(' ')], NumberStyles.None, CultureInfo.InvariantCulture, out var sent)
                    && sent >= from && sent < until)
                    lock (ticks) ticks.Add(now - sent);
            });
            agents.Add((agentName, connection, ticks));
        }
        var tokens = await HubClients.CreateSessionsAsync(shopperNode, o.Shoppers, o.ConnectConcurrency, ct);
        var agentsStarted = await HubClients.StartAllAsync(agents.Select(x => x.Connection).ToList(), o.ConnectConcurrency, ct);
        var shoppers = await HubClients.StartAllAsync(tokens.Select(t => HubClients.Shopper(shopperNode, t)).ToList(), o.ConnectConcurrency, ct);
        try
        {
            if (agentsStarted.Failed + shoppers.Failed > 0)
                throw new BenchmarkException($"{agentsStarted.Failed + shoppers.Failed} connections failed: {agentsStarted.FirstError ?? shoppers.FirstError}");
            Report.Progress($"{name}: {shoppers.Connected.Count} shoppers, {o.Rate:N0} msg/s in all; {o.Warmup} s warm-up, {o.Seconds} s measured");

            // Each shopper sends on its own fixed schedule, from a random phase; the body carries the send time.
            var interval = (double)shoppers.Connected.Count / o.Rate * Stopwatch.Frequency;
            long sent = 0, errors = 0;
            string? firstError = null;
            var acks = new List<long>();
            await Task.WhenAll(shoppers.Connected.Select((connection, i) => Task.Run(async () =>
            {
                var calls = new List<Task>();
                var first = start + Random.Shared.NextDouble() * interval;
                for (var n = 0; ; n++)
                {
                    var due = (long)(first + n * interval);
                    if (due >= until) break;
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), ct);
                    calls.Add(SendAsync(connection, i, n));
                }
                await Task.WhenAll(calls);
            }, ct)));

            async Task SendAsync(HubConnection connection, int shopper, int n)
            {
                var at = Stopwatch.GetTimestamp();
                try
                {
                    await connection.InvokeAsync<JsonElement>("SendMessage",
                        new SendMessageInput($"n{shopper}-{n}-{at}", $"t{at} from load shopper {shopper:D4}, message {n}".PadRight(80, '.')), ct);
                    var acked = Stopwatch.GetTimestamp();
                    if (at >= from && at < until)
                    {
                        Interlocked.Increment(ref sent);
                        lock (acks) acks.Add(acked - at);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }
            }

            // The last pushes get a moment to arrive.
            var waited = Stopwatch.StartNew();
            while (agents.Any(x => { lock (x.Ticks) return x.Ticks.Count < Interlocked.Read(ref sent); }) && waited.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(100, ct);
            return new Phase(name, new LatencyStats([acks]), sent, errors, firstError,
                agents.Select(x => { lock (x.Ticks) return new Delivery(x.Name, new LatencyStats([x.Ticks]), x.Ticks.Count); }).ToList());
        }
        finally
        {
            await HubClients.StopAllAsync(shoppers.Connected.Concat(agentsStarted.Connected), o.ConnectConcurrency);
        }
    }

    private static int PrintSummary(BenchmarkOptions o, Phase single, Phase two, int serverErrors, List<string> firstServerErrors)
    {
        var alone = single.Deliveries[0];
        var hop = two.Deliveries[0];
        var added = hop.Latency.P99 - alone.Latency.P99;
        var complete = new[] { single, two }.All(p => p.Errors == 0 && p.Deliveries.All(d => d.Received == p.Sent));
        var ok = added < HopP99TargetMs && complete;

        Console.WriteLine();
        Console.WriteLine($"## Shopper → agent delivery: one node against two through Redis ({o.Shoppers} shoppers, {o.Rate:N0} msg/s, {o.Warmup} s warm-up + {o.Seconds} s measured)");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine("Delivery: from the shopper's SendMessage to the agent's MessageReceived (the agent is told after the commit). Ack: the shopper's SendMessage round trip.");
        Console.WriteLine();
        Report.Table(
            [["setup", "measured", "messages sent (acked)", "ack p50 ms", "ack p99 ms", "received", "delivery p50 ms", "delivery p90 ms", "delivery p99 ms", "delivery max ms"],
             .. new[] { single, two }.SelectMany(p => p.Deliveries.Select(d => new[]
             {
                 p.Name, d.Agent, p.Sent.ToString("N0"), Report.N(p.Ack.P50, 1), Report.N(p.Ack.P99, 1), d.Received.ToString("N0"),
                 Report.N(d.Latency.P50, 1), Report.N(d.Latency.P90, 1), Report.N(d.Latency.P99, 1), Report.N(d.Latency.Max, 1),
             }))]);
        foreach (var p in new[] { single, two })
            if (p.FirstError is not null) Console.WriteLine($"{p.Name}: {p.Errors} sends failed; the first: {p.FirstError}");
        Report.ServerErrors("Helpdesk nodes A and B", serverErrors, firstServerErrors);
        Console.WriteLine();
        Report.Table(
            ["goal", "target", "measured", "result"],
            ["p99 delivery added by the Redis hop (agent on B against one node)", $"< {HopP99TargetMs} ms",
                $"{Report.N(added, 1)} ms ({Report.N(hop.Latency.P99, 1)} against {Report.N(alone.Latency.P99, 1)} ms)" + (complete ? "" : "; not every message reached every agent"),
                Report.Verdict(ok)]);
        return ok ? 0 : 1;
    }

    /// <summary>A redis-server of the run's own on a free loopback port, nothing saved to disk; killed when disposed.</summary>
    private sealed class RedisServer(Process process, int port) : IAsyncDisposable
    {
        public string Configuration => $"127.0.0.1:{port}";

        public static async Task<RedisServer> StartAsync(RunDirectory run, CancellationToken ct)
        {
            var port = ServerProcess.FreePort();
            var start = new ProcessStartInfo("redis-server")
            {
                ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", run.Path },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            Pinning.Apply(start);
            Process process;
            try { process = Process.Start(start)!; }
            catch (System.ComponentModel.Win32Exception) { throw new BenchmarkException("nodes needs redis-server (Debian's redis-server)."); }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, port);
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(100, ct))
            {
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync("127.0.0.1", port, ct);
                    return server;
                }
                catch (SocketException) { }
            }
            await server.DisposeAsync();
            throw new BenchmarkException("redis-server did not listen within 10 s.");
        }

        public async ValueTask DisposeAsync()
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
