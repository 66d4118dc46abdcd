using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Live chat under load: N shoppers against the helpdesk while agents watch every conversation, then the same
/// shoppers against a bare echo hub, to separate the helpdesk's own cost from what SignalR on this machine costs
/// anyway. Each server gets two phases: capacity (a closed loop, flat out), and latency at the offered rate,
/// which a closed loop cannot show: there latency is only shoppers ÷ throughput.
/// </summary>
public static class ChatScenario
{
    private const double ThroughputTarget = 2000;
    private const double EchoRatioTarget = 0.5;
    private const int TargetRate = 2000;
    /// <summary>Pinned, each server has one core to itself, and the targets are those of the pinned comparison.</summary>
    private static double P99TargetMs(BenchmarkOptions o) => o.Pin ? 25 : 50;
    private static int TargetShoppers(BenchmarkOptions o) => o.Pin ? 200 : 500;
    /// <summary>Acking less of the offered rate than this, a server fell behind: its latencies measure a growing queue.</summary>
    public const double KeptUpShare = 0.95;

    /// <summary>Each phase with the share of one core the server used over it (warm-up included).</summary>
    private sealed record Phases(LoadResult Capacity, LoadResult AtRate, double CapacityCpu, double AtRateCpu);

    private sealed record HelpdeskRun(
        Phases Load, int Agents,
        long AgentMessages, long AgentSummaries, long AgentMessagesExpected, int ServerErrors, List<string> FirstServerErrors);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);

        var helpdesk = await RunHelpdeskAsync(o, app, repo, run, ct);
        var echo = await RunEchoAsync(o, run, ct);
        return PrintSummary(o, helpdesk, echo);
    }

    private static async Task<HelpdeskRun> RunHelpdeskAsync(
        BenchmarkOptions o, string app, string? repo, RunDirectory run, CancellationToken ct)
    {
        await using var setup = await ChatSetup.StartAsync(o, app, repo, run, o.ServerSettings, ct);
        var inboxes = setup.Inboxes;
        Report.Progress($"helpdesk: {setup.Shoppers.Count} shoppers and {inboxes.Count} agents connected");

        var expected = 0L;
        var load = await RunPhasesAsync("helpdesk", o, setup.Server, setup.Shoppers, async phase =>
        {
            expected += phase.AckedTotal * inboxes.Count;
            await setup.WaitForPushesAsync(expected, ct);
        }, ct);

        var (errors, firstErrors) = setup.Server.LoggedErrors();
        return new HelpdeskRun(load, inboxes.Count,
            inboxes.Sum(a => a.Messages), inboxes.Sum(a => a.Summaries), expected, errors, firstErrors);
    }

    /// <summary>
    /// The demo shop keeps real business hours, so the time of day would decide whether messages get
    /// after-hours replies; the run says which it measures instead.
    /// </summary>
    public static async Task SetStorefrontHoursAsync(Uri baseUrl, string adminPassword, bool closed, CancellationToken ct)
    {
        using var admin = await HelpdeskApi.SignInAsync(baseUrl, HelpdeskProcess.AdminEmail, adminPassword, ct);
        var channels = await HelpdeskApi.GetAsync(admin, "/api/channels", ct);
        var storefront = channels.EnumerateArray().Single(c => c.GetProperty("publicKey").GetString() == HelpdeskProcess.StorefrontKey);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var exceptions = closed
            ? Enumerable.Range(-1, 3).Select(d => new { date = today.AddDays(d).ToString("yyyy-MM-dd"), name = "Closed for the benchmark", closed = true }).ToArray()
            : [];
        await HelpdeskApi.PutAsync(admin, $"/api/channels/{storefront.GetProperty("id").GetInt64()}/business-hours",
            new { timeZone = "UTC", weekly = Array.Empty<object>(), exceptions }, ct);
        Report.Progress($"helpdesk: storefront {(closed ? "closed: every conversation gets an after-hours reply" : "open around the clock")}");
    }

    private static async Task<Phases> RunEchoAsync(BenchmarkOptions o, RunDirectory run, CancellationToken ct)
    {
        Report.Progress("echo hub: starting");
        await using var server = await EchoServer.StartChildAsync(run, ct);
        var clients = await HubClients.StartAllAsync(
            Enumerable.Range(0, o.Shoppers).Select(_ => HubClients.Echo(server.BaseUrl)).ToList(), o.ConnectConcurrency, ct);
        try
        {
            if (clients.Failed > 0) throw new BenchmarkException($"{clients.Failed} echo connections failed: {clients.FirstError}");
            Report.Progress($"echo hub: {clients.Connected.Count} clients connected");
            return await RunPhasesAsync("echo hub", o, server, clients.Connected, _ => Task.CompletedTask, ct);
        }
        finally
        {
            await HubClients.StopAllAsync(clients.Connected, o.ConnectConcurrency);
        }
    }

    /// <summary>Capacity, then latency at the offered rate, on the same connections.</summary>
    private static async Task<Phases> RunPhasesAsync(
        string name, BenchmarkOptions o, ServerProcess server, IReadOnlyList<HubConnection> connections,
        Func<LoadResult, Task> afterPhase, CancellationToken ct)
    {
        var senders = connections.Select((c, i) => new Sender(c, i)).ToArray();
        var warmup = TimeSpan.FromSeconds(o.Warmup);
        var measured = TimeSpan.FromSeconds(o.Seconds);

        Report.Progress($"{name}: capacity, all {senders.Length} flat out; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var (capacity, capacityCpu) = await WithCpuAsync(server, () => ClosedLoop.RunAsync(senders, warmup, measured, ct));
        await afterPhase(capacity);

        Report.Progress($"{name}: latency at {o.Rate:N0} msg/s; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var (atRate, atRateCpu) = await WithCpuAsync(server, () => PacedLoop.RunAsync(senders, o.Rate, warmup, measured, ct));
        await afterPhase(atRate);
        return new Phases(capacity, atRate, capacityCpu, atRateCpu);
    }

    /// <summary>The phase, and the server's CPU time over it as a share of one core.</summary>
    private static async Task<(LoadResult, double)> WithCpuAsync(ServerProcess server, Func<Task<LoadResult>> phase)
    {
        var cpu = server.CpuTime();
        var wall = Stopwatch.StartNew();
        var result = await phase();
        return (result, (server.CpuTime() - cpu) / wall.Elapsed);
    }

    private static int PrintSummary(BenchmarkOptions o, HelpdeskRun helpdesk, Phases echo)
    {
        var h = helpdesk.Load;
        var ratio = echo.Capacity.MessagesPerSecond > 0
            ? h.Capacity.MessagesPerSecond / echo.Capacity.MessagesPerSecond : double.NaN;
        var keptUp = KeptUp(o, h.AtRate);
        var throughputOk = h.Capacity.MessagesPerSecond >= ThroughputTarget;
        var latencyOk = keptUp && h.AtRate.Latency.P99 < P99TargetMs(o);
        var ratioOk = ratio >= EchoRatioTarget;

        var atRate = $"at {o.Rate:N0} msg/s";
        (string Server, string Load, LoadResult Result, double Cpu)[] rows =
        [
            ("helpdesk (durable commit)", "capacity", h.Capacity, h.CapacityCpu),
            ("helpdesk (durable commit)", atRate, h.AtRate, h.AtRateCpu),
            ("bare echo hub", "capacity", echo.Capacity, echo.CapacityCpu),
            ("bare echo hub", atRate, echo.AtRate, echo.AtRateCpu),
        ];

        Console.WriteLine();
        Console.WriteLine($"## Chat load: {o.Shoppers} shoppers; each phase {o.Warmup} s warm-up + {o.Seconds} s measured");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine(
            "Capacity: every shopper sends again as soon as its ack arrives, so latency there is only shoppers ÷ throughput. " +
            $"At {o.Rate:N0} msg/s: each shopper sends on a fixed schedule, and latency counts from the scheduled send.");
        Console.WriteLine();
        Report.Table(
            [["server", "load", "acked msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "acked (measured)", "errors (phase)", "lost connections", "server CPU (cores)"],
             .. rows.Select(r => (string[])[.. Row(r.Server, r.Load, r.Result), Report.N(r.Cpu, 2)])]);
        Console.WriteLine($"Helpdesk / echo capacity ratio: {Report.N(ratio, 2)}");
        foreach (var (server, load, result, _) in rows)
        {
            if (load == atRate && !KeptUp(o, result))
                Console.WriteLine(
                    $"Not kept up: {server} acked {Report.N(result.MessagesPerSecond)} of the {o.Rate:N0} msg/s offered " +
                    $"(under {KeptUpShare:P0}), so its latencies at this rate measure a growing queue.");
            if (result.FirstError is not null) Console.WriteLine($"First {server} error ({load}): {result.FirstError}");
            if (result.Unanswered > 0) Console.WriteLine($"Calls abandoned unanswered at the end ({server}, {load}): {result.Unanswered}");
        }
        Console.WriteLine(
            $"Agents ({helpdesk.Agents}): {helpdesk.AgentMessages:N0} MessageReceived of {helpdesk.AgentMessagesExpected:N0} expected " +
            $"(every acked message of both phases, warm-ups included, times agents); {helpdesk.AgentSummaries:N0} ConversationChanged");
        Report.ServerErrors("Helpdesk", helpdesk.ServerErrors, helpdesk.FirstServerErrors);
        Console.WriteLine();

        Report.Table(
            ["goal", "target", "measured", "result"],
            ["acknowledged durable messages/s (capacity)", $"≥ {ThroughputTarget:N0}", Report.N(h.Capacity.MessagesPerSecond),
                Report.Verdict(throughputOk)],
            [$"p99 ack latency {atRate}", $"< {P99TargetMs(o)} ms",
                $"{Report.N(h.AtRate.Latency.P99, 1)} ms" + (keptUp ? "" : $" (only {Report.N(h.AtRate.MessagesPerSecond)} msg/s acked)"),
                Report.Verdict(latencyOk)],
            ["capacity vs bare echo hub", $"≥ {EchoRatioTarget:0.00}×", $"{Report.N(ratio, 2)}×", Report.Verdict(ratioOk)]);
        if (o.Shoppers != TargetShoppers(o) || o.Rate != TargetRate)
            Console.WriteLine(
                $"Note: the targets are set for {TargetShoppers(o)} shoppers at {TargetRate:N0} msg/s; this run used {o.Shoppers} shoppers at {o.Rate:N0} msg/s.");
        return throughputOk && latencyOk && ratioOk ? 0 : 1;
    }

    internal static bool KeptUp(BenchmarkOptions o, LoadResult atRate) => atRate.MessagesPerSecond >= KeptUpShare * o.Rate;

    internal static string[] Row(string server, string load, LoadResult r) =>
    [
        server, load, Report.N(r.MessagesPerSecond), Report.N(r.Latency.P50, 1), Report.N(r.Latency.P90, 1),
        Report.N(r.Latency.P99, 1), Report.N(r.Latency.Max, 1), r.AckedInWindow.ToString("N0"),
        r.Errors.ToString("N0"), r.LostConnections.ToString("N0"),
    ];
}
