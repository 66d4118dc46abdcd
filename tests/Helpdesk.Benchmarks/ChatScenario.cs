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

    /// <summary>PostgreSQL against SQLite, side by side: at least this share of SQLite's capacity.</summary>
    private const double PostgresRatioTarget = 0.7;
    private const double PostgresP99TargetMs = 50;

    /// <summary>
    /// Each phase with the share of one core the server used over it (warm-up included), and that of the
    /// database server's processes, when the database is a server (NaN for SQLite, which runs inside the helpdesk).
    /// </summary>
    private sealed record Phases(
        LoadResult Capacity, LoadResult AtRate, double CapacityCpu, double AtRateCpu,
        double CapacityDbCpu = double.NaN, double AtRateDbCpu = double.NaN);

    private sealed record HelpdeskRun(
        string Database, Phases Load, int Agents,
        long AgentMessages, long AgentSummaries, long AgentMessagesExpected, int ServerErrors, List<string> FirstServerErrors);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);

        if (o.CompareDatabases)
        {
            var onSqlite = await RunHelpdeskAsync(o, app, repo, run, BenchDatabase.Sqlite, ct);
            var onPostgres = await RunHelpdeskAsync(o, app, repo, run, BenchDatabase.Postgres, ct);
            return PrintComparison(o, onSqlite, onPostgres);
        }
        var helpdesk = await RunHelpdeskAsync(o, app, repo, run, o.Database, ct);
        var echo = await RunEchoAsync(o, run, ct);
        return PrintSummary(o, helpdesk, echo);
    }

    private static async Task<HelpdeskRun> RunHelpdeskAsync(
        BenchmarkOptions o, string app, string? repo, RunDirectory run, string databaseKind, CancellationToken ct)
    {
        await using var database = await BenchDatabase.CreateAsync(databaseKind, run, "helpdesk-" + databaseKind, ct);
        await using var setup = await ChatSetup.StartAsync(o, app, repo, run, database, o.ServerSettings, ct);
        var inboxes = setup.Inboxes;
        var name = $"helpdesk on {database.Name}";
        Report.Progress($"{name}: {setup.Shoppers.Count} shoppers and {inboxes.Count} agents connected");

        var expected = 0L;
        var load = await RunPhasesAsync(name, o, setup.Server, setup.Shoppers, async phase =>
        {
            expected += phase.AckedTotal * inboxes.Count;
            await setup.WaitForPushesAsync(expected, ct);
        }, ct, database is PostgresDatabase postgres ? postgres.CpuTime : null);

        var (errors, firstErrors) = setup.Server.LoggedErrors();
        return new HelpdeskRun(database.Name, load, inboxes.Count,
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
        Func<LoadResult, Task> afterPhase, CancellationToken ct, Func<TimeSpan>? databaseCpu = null)
    {
        var senders = connections.Select((c, i) => new Sender(c, i)).ToArray();
        var warmup = TimeSpan.FromSeconds(o.Warmup);
        var measured = TimeSpan.FromSeconds(o.Seconds);

        Report.Progress($"{name}: capacity, all {senders.Length} flat out; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var (capacity, capacityCpu, capacityDbCpu) = await WithCpuAsync(server, databaseCpu, () => ClosedLoop.RunAsync(senders, warmup, measured, ct));
        await afterPhase(capacity);

        Report.Progress($"{name}: latency at {o.Rate:N0} msg/s; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var (atRate, atRateCpu, atRateDbCpu) = await WithCpuAsync(server, databaseCpu, () => PacedLoop.RunAsync(senders, o.Rate, warmup, measured, ct));
        await afterPhase(atRate);
        return new Phases(capacity, atRate, capacityCpu, atRateCpu, capacityDbCpu, atRateDbCpu);
    }

    /// <summary>The phase, and the server's (and the database server's) CPU time over it as a share of one core.</summary>
    private static async Task<(LoadResult, double, double)> WithCpuAsync(
        ServerProcess server, Func<TimeSpan>? databaseCpu, Func<Task<LoadResult>> phase)
    {
        var cpu = server.CpuTime();
        var db = databaseCpu?.Invoke() ?? TimeSpan.Zero;
        var wall = Stopwatch.StartNew();
        var result = await phase();
        var elapsed = wall.Elapsed;
        return (result, (server.CpuTime() - cpu) / elapsed, databaseCpu is null ? double.NaN : (databaseCpu() - db) / elapsed);
    }

    /// <summary>The helpdesk on SQLite and on PostgreSQL, measured one after the other in this run.</summary>
    private static int PrintComparison(BenchmarkOptions o, HelpdeskRun sqlite, HelpdeskRun postgres)
    {
        var atRate = $"at {o.Rate:N0} msg/s";
        var ratio = sqlite.Load.Capacity.MessagesPerSecond > 0
            ? postgres.Load.Capacity.MessagesPerSecond / sqlite.Load.Capacity.MessagesPerSecond : double.NaN;
        var keptUp = KeptUp(o, postgres.Load.AtRate);
        var ratioOk = ratio >= PostgresRatioTarget;
        var latencyOk = keptUp && postgres.Load.AtRate.Latency.P99 < PostgresP99TargetMs;

        Console.WriteLine();
        Console.WriteLine(
            $"## Chat on SQLite and on PostgreSQL: {o.Shoppers} shoppers, {o.Agents} agents; each phase {o.Warmup} s warm-up + {o.Seconds} s measured");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine(
            "Each database fresh, one after the other in this run, on the same published helpdesk. Acknowledged after the commit on both " +
            "(SQLite WAL with synchronous=FULL; PostgreSQL with fsync and synchronous_commit on). Server CPU: the helpdesk's process; " +
            "database CPU: PostgreSQL's processes (SQLite runs inside the helpdesk).");
        Console.WriteLine();
        Report.Table(
            [["database", "load", "acked msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "acked (measured)", "errors (phase)", "lost connections", "helpdesk CPU (cores)", "database CPU (cores)"],
             .. new[] { sqlite, postgres }.SelectMany(r => new[]
             {
                 (string[])[.. Row(r.Database, "capacity", r.Load.Capacity), Report.N(r.Load.CapacityCpu, 2), Report.N(r.Load.CapacityDbCpu, 2)],
                 [.. Row(r.Database, atRate, r.Load.AtRate), Report.N(r.Load.AtRateCpu, 2), Report.N(r.Load.AtRateDbCpu, 2)],
             })]);
        foreach (var r in new[] { sqlite, postgres })
        {
            if (!KeptUp(o, r.Load.AtRate))
                Console.WriteLine(
                    $"Not kept up: {r.Database} acked {Report.N(r.Load.AtRate.MessagesPerSecond)} of the {o.Rate:N0} msg/s offered " +
                    $"(under {KeptUpShare:P0}), so its latencies at this rate measure a growing queue.");
            foreach (var (load, result) in new[] { ("capacity", r.Load.Capacity), (atRate, r.Load.AtRate) })
            {
                if (result.FirstError is not null) Console.WriteLine($"First {r.Database} error ({load}): {result.FirstError}");
                if (result.Unanswered > 0) Console.WriteLine($"Calls abandoned unanswered at the end ({r.Database}, {load}): {result.Unanswered}");
            }
            Console.WriteLine(
                $"Agents on {r.Database} ({r.Agents}): {r.AgentMessages:N0} MessageReceived of {r.AgentMessagesExpected:N0} expected; " +
                $"{r.AgentSummaries:N0} ConversationChanged");
            Report.ServerErrors($"Helpdesk on {r.Database}", r.ServerErrors, r.FirstServerErrors);
        }
        Console.WriteLine($"PostgreSQL / SQLite capacity ratio: {Report.N(ratio, 2)}");
        Console.WriteLine();

        Report.Table(
            ["goal", "target", "measured", "result"],
            ["PostgreSQL capacity against SQLite's", $"≥ {PostgresRatioTarget:0.0}×",
                $"{Report.N(ratio, 2)}× ({Report.N(postgres.Load.Capacity.MessagesPerSecond)} against {Report.N(sqlite.Load.Capacity.MessagesPerSecond)} msg/s)",
                Report.Verdict(ratioOk)],
            [$"PostgreSQL p99 ack latency {atRate}", $"< {PostgresP99TargetMs} ms",
                $"{Report.N(postgres.Load.AtRate.Latency.P99, 1)} ms" + (keptUp ? "" : $" (only {Report.N(postgres.Load.AtRate.MessagesPerSecond)} msg/s acked)"),
                Report.Verdict(latencyOk)]);
        if (o.Rate != TargetRate)
            Console.WriteLine($"Note: the latency target is set at {TargetRate:N0} msg/s; this run used {o.Rate:N0} msg/s.");
        return ratioOk && latencyOk ? 0 : 1;
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
            ($"helpdesk on {helpdesk.Database} (durable commit)", "capacity", h.Capacity, h.CapacityCpu),
            ($"helpdesk on {helpdesk.Database} (durable commit)", atRate, h.AtRate, h.AtRateCpu),
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
