using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Helpdesk.Benchmarks;

/// <summary>
/// The queue at scale: a large helpdesk written straight into its database, then the first queue page read one
/// request at a time, and take-next by several agents at once. Every take is a claim committed to disk, and no
/// conversation may be handed to two agents.
/// </summary>
public static class QueueScenario
{
    private const double TakeP99TargetMs = 5;
    private const double PageP99TargetMs = 20;
    private const int TargetConversations = 1_000_000;
    private const int TargetCustomers = 200_000;
    private const string FirstPage = "/api/conversations?status=open&limit=50";
    /// <summary>
    /// Requests per client before the measured ones, so that connections and caches are warm and the JIT has
    /// finished tiering the path (30 calls at tier 0, 30 more instrumented, then a background compile), as
    /// in a server that has been running.
    /// </summary>
    private const int WarmupRequests = 300;
    /// <summary>The most the API allows. An agent at capacity still takes emails, so the takes go on either way.</summary>
    private const int ChatCapacity = 50;

    private sealed record Takes(
        LatencyStats Latency, List<long> Ids, int Empty, int Errors, string? FirstError, double PerSecond)
    {
        /// <summary>The server's CPU time per take, warm-ups included.</summary>
        public double ServerCpuMs { get; init; }
        public int Taken => Ids.Count;
    }

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        if (o.TakingAgents.Min() < 1) throw new BenchmarkException("queue needs --agents 1 or more.");
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        var password = HelpdeskProcess.NewPassword();
        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);

        // The helpdesk creates its own database (migrations, the admin), so the data lands in exactly its schema.
        // Once it answers healthy, both are committed, so it can simply be killed.
        Report.Progress($"helpdesk: creating and migrating the database ({database.Name})");
        await (await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct)).Server.DisposeAsync();

        Report.Progress($"queue data: writing {o.Customers:N0} customers and {o.Conversations:N0} conversations");
        var data = QueueData.Generate(
            database, HelpdeskProcess.ContentRoot(app, repo), o.Customers, o.Conversations, ct);

        Report.Progress("helpdesk: starting on the generated database");
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct);
        await using var server = started.Server;
        var agents = new List<HttpClient>();
        try
        {
            using (var admin = await HelpdeskApi.SignInAsync(server.BaseUrl, HelpdeskProcess.AdminEmail, password, ct))
                for (var n = 1; n <= o.TakingAgents.Max(); n++)
                {
                    var email = $"queue-agent-{n}@example.com";
                    var agentPassword = HelpdeskProcess.NewPassword();
                    await HelpdeskApi.PostAsync(admin, "/api/agents",
                        new { name = $"Queue agent {n}", email, password = agentPassword, role = "agent", chatCapacity = ChatCapacity }, ct);
                    agents.Add(await HelpdeskApi.SignInAsync(server.BaseUrl, email, agentPassword, ct));
                }

            Report.Progress($"first queue page: {WarmupRequests} warm-up + {o.Pages} measured requests, one at a time");
            var (pages, pageRows) = await ReadFirstPagesAsync(agents[0], o.Pages, ct);
            // The phases run one after another on the same queue; each measures its own takes.
            var phases = new List<(int Agents, Takes Takes)>();
            foreach (var count in o.TakingAgents)
            {
                Report.Progress($"take-next: {Agents(count)} at once, {WarmupRequests} warm-up + {o.Takes} measured takes each");
                var cpu = server.CpuTime();
                var takes = await TakeAsync(agents.Take(count).ToList(), o.Takes, ct);
                phases.Add((count, takes with
                {
                    ServerCpuMs = (server.CpuTime() - cpu).TotalMilliseconds / Math.Max(1, takes.Taken + takes.Empty),
                }));
            }

            var (errors, firstErrors) = server.LoggedErrors();
            return PrintSummary(o, data, pages, pageRows, phases, errors, firstErrors);
        }
        finally
        {
            foreach (var agent in agents) agent.Dispose();
        }
    }

    /// <summary>The first page of the queue, one request after another; returns the latencies and the rows on the last page.</summary>
    private static async Task<(LatencyStats Latency, int Rows)> ReadFirstPagesAsync(HttpClient agent, int pages, CancellationToken ct)
    {
        var ticks = new List<long>(pages);
        var rows = 0;
        for (var i = 0; i < WarmupRequests + pages; i++)
        {
            var start = Stopwatch.GetTimestamp();
            // The whole body is read before the clock stops: an agent sees the page only then.
            using var response = await agent.GetAsync(FirstPage, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (response.StatusCode != HttpStatusCode.OK)
                throw new BenchmarkException($"GET {FirstPage} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            if (i >= WarmupRequests) ticks.Add(elapsed);
            rows = JsonDocument.Parse(body).RootElement.GetArrayLength();
        }
        return (new LatencyStats([ticks]), rows);
    }

    /// <summary>Every agent takes conversations one after another, all agents at the same time.</summary>
    private static async Task<Takes> TakeAsync(IReadOnlyList<HttpClient> agents, int takes, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(agents.Select(async agent =>
        {
            var ticks = new List<long>(takes);
            var ids = new List<long>(WarmupRequests + takes);
            int empty = 0, errors = 0;
            string? firstError = null;
            for (var i = 0; i < WarmupRequests + takes; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await agent.PostAsync("/api/queue/next", null, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                var elapsed = Stopwatch.GetTimestamp() - start;
                if (response.StatusCode == HttpStatusCode.OK)
                    ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64());
                else if (response.StatusCode == HttpStatusCode.NoContent)
                    empty++;
                else
                {
                    errors++;
                    firstError ??= $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}";
                    continue;
                }
                if (i >= WarmupRequests) ticks.Add(elapsed);
            }
            return (Ticks: ticks, Ids: ids, Empty: empty, Errors: errors, FirstError: firstError);
        }));
        var seconds = clock.Elapsed.TotalSeconds;

        return new Takes(
            new LatencyStats(results.Select(r => r.Ticks)), results.SelectMany(r => r.Ids).ToList(), results.Sum(r => r.Empty),
            results.Sum(r => r.Errors), results.Select(r => r.FirstError).FirstOrDefault(e => e is not null),
            results.Sum(r => r.Ids.Count + r.Empty) / seconds);
    }

    private static int PrintSummary(
        BenchmarkOptions o, QueueData.Result data, LatencyStats pages, int pageRows, List<(int Agents, Takes Takes)> phases,
        int serverErrors, List<string> firstServerErrors)
    {
        // A take that found the queue empty did not claim anything, so a run that emptied the queue measured too little.
        static bool TakesOk(Takes t) => t.Latency.P99 < TakeP99TargetMs && t.Errors == 0 && t.Empty == 0;
        var pageOk = pages.P99 < PageP99TargetMs;
        // Across phases too: a conversation taken in one phase must not be handed out again in the next.
        var ids = phases.SelectMany(p => p.Takes.Ids).ToList();
        var takenTwice = ids.Count - ids.Distinct().Count();
        var onceOk = takenTwice == 0;

        Console.WriteLine();
        Console.WriteLine(
            $"## Queue at scale: {data.Conversations:N0} conversations ({data.Open:N0} open, {data.OpenStorefront:N0} of them chats), " +
            $"{data.Customers:N0} customers");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine(
            $"Data: written straight into the migrated database in {Report.N(data.Elapsed.TotalSeconds, 1)} s " +
            $"({Report.N(data.Conversations / data.Elapsed.TotalSeconds)} conversations/s with their messages, customers and identities); " +
            $"database {Report.N(data.FileBytes / 1048576.0)} MB.");
        Console.WriteLine();
        Report.Table(
            [["request", "measured", "p50 ms", "p90 ms", "p99 ms", "max ms"],
             [$"first queue page (GET {FirstPage}, {pageRows} rows), one at a time", pages.Count.ToString("N0"),
                Report.N(pages.P50, 2), Report.N(pages.P90, 2), Report.N(pages.P99, 2), Report.N(pages.Max, 2)],
             ..phases.Select(p => new[]
             {
                 $"take-next (POST /api/queue/next), {Agents(p.Agents)} at once", p.Takes.Latency.Count.ToString("N0"),
                 Report.N(p.Takes.Latency.P50, 2), Report.N(p.Takes.Latency.P90, 2), Report.N(p.Takes.Latency.P99, 2),
                 Report.N(p.Takes.Latency.Max, 2),
             })]);
        foreach (var (agents, takes) in phases)
        {
            Console.WriteLine(
                $"Take-next by {Agents(agents)}, warm-ups included: {takes.Taken:N0} conversations taken, {takes.Empty:N0} answers of an " +
                $"empty queue (204), {takes.Errors:N0} errors; {Report.N(takes.PerSecond)} takes/s in all; " +
                $"server CPU {Report.N(takes.ServerCpuMs, 2)} ms per take.");
            if (takes.FirstError is not null) Console.WriteLine($"First take-next error: {takes.FirstError}");
        }
        Console.WriteLine(
            $"Agents' chat capacity {ChatCapacity} (the API's maximum): at capacity an agent takes only emails.");
        Report.ServerErrors("Helpdesk", serverErrors, firstServerErrors);
        Console.WriteLine();

        Report.Table(
            [["goal", "target", "measured", "result"],
             ..phases.Select(p => new[]
             {
                 $"take-next p99, {Agents(p.Agents)} at once", $"< {TakeP99TargetMs} ms",
                 $"{Report.N(p.Takes.Latency.P99, 2)} ms" + (p.Takes.Empty + p.Takes.Errors > 0 ? $" ({p.Takes.Empty} empty, {p.Takes.Errors} errors)" : ""),
                 Report.Verdict(TakesOk(p.Takes)),
             }),
             ["first queue page p99", $"< {PageP99TargetMs} ms", $"{Report.N(pages.P99, 2)} ms", Report.Verdict(pageOk)],
             ["no conversation taken twice", "0", takenTwice.ToString("N0"), Report.Verdict(onceOk)]]);
        if (o.Conversations != TargetConversations || o.Customers != TargetCustomers)
            Console.WriteLine(
                $"Note: the targets are set for {TargetConversations:N0} conversations and {TargetCustomers:N0} customers; " +
                $"this run used {o.Conversations:N0} and {o.Customers:N0}.");
        return phases.All(p => TakesOk(p.Takes)) && pageOk && onceOk ? 0 : 1;
    }

    private static string Agents(int count) => count == 1 ? "1 agent" : $"{count} agents";
}
