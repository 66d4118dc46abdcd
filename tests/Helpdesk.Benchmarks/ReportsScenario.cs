using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Reports over a year of a busy shop: a year's reporting events of a million conversations, customers and
/// two years of orders written straight into the database, the days rolled up by the helpdesk's own roll-up
/// loop (timed), then the year's summary, its heatmap and the last 30 days' summary read over HTTP by a
/// signed-in agent, one request at a time. Then the figures are checked against the events themselves, a
/// conversation is resolved to see today's figures move at once, and the roll-ups are removed to measure the
/// same year read from the raw events, which must give the same answer.
/// </summary>
public static class ReportsScenario
{
    private const double YearP99TargetMs = 200;
    /// <summary>
    /// Requests before the measured ones, so that connections and caches are warm and the JIT has finished tiering
    /// the path, as in a server that has been running.
    /// </summary>
    private const int WarmupRequests = 30;
    private const int TargetConversations = 1_000_000;
    private static readonly TimeSpan Year = TimeSpan.FromDays(365);
    /// <summary>The roll-up loop's grace after a store day ends (RollUpReportDays.Grace).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private static readonly TimeSpan RollUpTimeout = TimeSpan.FromMinutes(20);

    private sealed record Phase(string Request, string Source, LatencyStats Latency, double ServerCpuMs, int Bytes);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        if (o.Database != BenchDatabase.Sqlite)
            throw new BenchmarkException("reports writes its year with SQLite's bulk path only: run it without --postgres.");
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        var password = HelpdeskProcess.NewPassword();
        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);
        var zone = StoreZone(HelpdeskProcess.ContentRoot(app, repo), o.ServerSettings);

        // The helpdesk creates its own database (migrations, the admin) and the agents, who sign in as themselves later.
        Report.Progress($"helpdesk: creating and migrating the database ({database.Name}), adding {o.Agents} agents");
        var agents = new List<(long Id, string Email, string Password)>();
        await using (var first = (await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct)).Server)
        {
            using var admin = await HelpdeskApi.SignInAsync(first.BaseUrl, HelpdeskProcess.AdminEmail, password, ct);
            var names = new Bogus.Faker("en") { Random = new Bogus.Randomizer(7) };
            for (var n = 1; n <= o.Agents; n++)
            {
                var email = $"report-agent-{n}@example.com";
                var agentPassword = HelpdeskProcess.NewPassword();
                var added = await HelpdeskApi.PostAsync(admin, "/api/agents",
                    new { name = names.Name.FullName(), email, password = agentPassword, role = "agent", chatCapacity = 10 }, ct);
                agents.Add((added.GetProperty("id").GetInt64(), email, agentPassword));
            }
        }

        Report.Progress($"report data: writing {o.Customers:N0} customers, {o.Orders:N0} orders and a year of {o.Conversations:N0} conversations");
        var data = ReportData.Generate(database, zone, agents.Select(a => a.Id).ToList(), o.Customers, o.Orders, o.Conversations, ct);

        Report.Progress("helpdesk: starting on the written year; its roll-up loop builds the days");
        var clock = Stopwatch.StartNew();
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct);
        await using var server = started.Server;
        var (rollUp, rollUpCpu, days, rollupRows) = await AwaitRollUpsAsync(database, zone, server, clock, ct);

        using var agent = await SignInAsync(server.BaseUrl, agents[0].Email, agents[0].Password, ct);
        var phases = new List<Phase>();
        string YearOf(string what) => $"/api/reports/{what}?{Period(DateTime.UtcNow - Year, DateTime.UtcNow)}";

        Report.Progress($"year's summary with roll-ups: {WarmupRequests} warm-up + {o.Requests} measured requests, one at a time");
        phases.Add(await MeasureAsync(agent, server, "summary, 365 days", "roll-ups", () => YearOf("summary"), WarmupRequests, o.Requests, ct));
        Report.Progress($"year's heatmap with roll-ups: {WarmupRequests} warm-up + {o.Requests} measured requests");
        phases.Add(await MeasureAsync(agent, server, "heatmap, 365 days", "roll-ups", () => YearOf("heatmap"), WarmupRequests, o.Requests, ct));
        Report.Progress($"last 30 days' summary (the default period): {WarmupRequests} warm-up + {o.Requests} measured requests");
        phases.Add(await MeasureAsync(agent, server, "summary, 30 days", "roll-ups", () => "/api/reports/summary", WarmupRequests, o.Requests, ct));

        Report.Progress("checking the figures against the events, resolving a conversation, then removing the roll-ups");
        var checks = await CheckAsync(database, zone, agent, agents[0].Id, ct);

        Report.Progress($"year's summary from the raw events: 1 warm-up + {o.RawRequests} measured requests");
        phases.Add(await MeasureAsync(agent, server, "summary, 365 days", "raw events", () => YearOf("summary"), 1, o.RawRequests, ct));
        Report.Progress($"year's heatmap from the raw events: 1 warm-up + {o.RawRequests} measured requests");
        phases.Add(await MeasureAsync(agent, server, "heatmap, 365 days", "raw events", () => YearOf("heatmap"), 1, o.RawRequests, ct));

        var (errors, firstErrors) = server.LoggedErrors();
        return PrintSummary(o, data, rollUp, rollUpCpu, days, rollupRows, phases, checks, errors, firstErrors);
    }

    /// <summary>Waits until the helpdesk's roll-up loop has built every store day that is over; returns how long it took.</summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu, long Days, long Rows)> AwaitRollUpsAsync(
        BenchDatabase database, TimeZoneInfo zone, ServerProcess server, Stopwatch clock, CancellationToken ct)
    {
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // The last day the loop rolls up now: the one before the day an hour ago.
            var due = LocalDate(DateTime.UtcNow - Grace, zone).AddDays(-1).ToString("yyyy-MM-dd");
            using (var connection = database.Open())
            {
                var (count, last) = Query(connection, "SELECT COUNT(*), MAX(Day) FROM ReportDays",
                    r => (r.GetInt64(0), r.IsDBNull(1) ? "" : r.GetString(1))).Single();
                if (string.CompareOrdinal(last, due) >= 0)
                {
                    var elapsed = clock.Elapsed;
                    var rows = Query(connection, "SELECT COUNT(*) FROM ReportRollups", r => r.GetInt64(0)).Single();
                    return (elapsed, server.CpuTime(), count, rows);
                }
                if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(15))
                {
                    lastReport = clock.Elapsed;
                    Report.Progress($"roll-up: {count} days built, up to {(last == "" ? "none" : last)} ({clock.Elapsed.TotalSeconds:N0} s)");
                }
            }
            if (clock.Elapsed > RollUpTimeout)
                throw new BenchmarkException($"The roll-up loop had not built the days up to {due} after {RollUpTimeout.TotalMinutes} minutes.");
            await Task.Delay(200, ct);
        }
    }

    private static async Task<Phase> MeasureAsync(
        HttpClient agent, ServerProcess server, string request, string source, Func<string> path, int warmup, int measured, CancellationToken ct)
    {
        var ticks = new List<long>(measured);
        var bytes = 0;
        var cpu = TimeSpan.Zero;
        for (var i = 0; i < warmup + measured; i++)
        {
            if (i == warmup) cpu = server.CpuTime();
            var url = path();
            var start = Stopwatch.GetTimestamp();
            // The whole body is read before the clock stops: an agent sees the report only then.
            using var response = await agent.GetAsync(url, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            var elapsed = Stopwatch.GetTimestamp() - start;
            if (response.StatusCode != HttpStatusCode.OK)
                throw new BenchmarkException($"GET {url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            if (i >= warmup) ticks.Add(elapsed);
            bytes = body.Length;
        }
        return new Phase(request, source, new LatencyStats([ticks]), (server.CpuTime() - cpu).TotalMilliseconds / measured, bytes);
    }

    /// <summary>
    /// The figures must be the events' own, today included, whether days come from roll-ups or not. Counts are
    /// compared with the events counted in SQL; a conversation resolved now must show at once; and with the roll-ups
    /// removed the same period must answer the same (roll-ups keep durations in the same histogram buckets as a read
    /// of the events does, so even percentiles agree exactly). Leaves the roll-ups removed, and a day marked built
    /// after the period, so that the roll-up loop does not build them again while the raw events are measured.
    /// </summary>
    private static async Task<List<(string Check, string Measured, bool Ok)>> CheckAsync(
        BenchDatabase database, TimeZoneInfo zone, HttpClient agent, long agentId, CancellationToken ct)
    {
        var checks = new List<(string, string, bool)>();
        var to = DateTime.UtcNow;
        var from = to - Year;
        var today = LocalDate(to, zone);
        var todayStart = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), zone);
        var before = await HelpdeskApi.GetAsync(agent, $"/api/reports/summary?{Period(from, to)}", ct);
        using (var connection = database.Open())
        {
            long Count(string kind, DateTime a, DateTime b) => Query(connection,
                "SELECT COUNT(*) FROM ReportEvents WHERE Kind = $p0 AND At >= $p1 AND At < $p2", r => r.GetInt64(0), kind, a, b).Single();
            var volume = before.GetProperty("conversations");
            foreach (var (name, kind) in new[] { ("created", "opened"), ("resolved", "resolved"), ("reopened", "reopened") })
            {
                var reported = volume.GetProperty(name).GetInt64();
                var counted = Count(kind, from, to);
                checks.Add(($"year's {name} = '{kind}' events in SQL", $"{reported:N0} = {counted:N0}", reported == counted));
            }
            var answered = before.GetProperty("csat").GetProperty("answered").GetInt64();
            var surveys = Count("survey", from, to);
            checks.Add(("year's survey answers = 'survey' events in SQL", $"{answered:N0} = {surveys:N0}", answered == surveys));
            var lastDay = before.GetProperty("conversationsByChannel").EnumerateArray().Last();
            var todayReported = lastDay.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt64());
            var todayCounted = Count("opened", todayStart, to);
            checks.Add(($"today ({lastDay.GetProperty("date").GetString()}, part day) created = events since the store's midnight",
                $"{todayReported:N0} = {todayCounted:N0}", lastDay.GetProperty("date").GetString() == today.ToString("yyyy-MM-dd") && todayReported == todayCounted));
        }

        // The agent resolves one of their open conversations: the next report counts it.
        long conversation;
        using (var connection = database.Open())
            conversation = Query(connection, "SELECT Id FROM Conversations WHERE Status = 'open' AND AssigneeId = $p0 ORDER BY Id DESC LIMIT 1",
                r => r.GetInt64(0), agentId).SingleOrDefault();
        if (conversation == 0) throw new BenchmarkException($"Agent {agentId} has no open conversation to resolve.");
        using (var resolve = await agent.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "resolved" }, ct))
            if (!resolve.IsSuccessStatusCode)
                throw new BenchmarkException($"Resolving conversation {conversation} answered {(int)resolve.StatusCode}: {await resolve.Content.ReadAsStringAsync(ct)}");
        var to2 = DateTime.UtcNow;
        var after = await HelpdeskApi.GetAsync(agent, $"/api/reports/summary?{Period(from, to2)}", ct);
        long Resolved(JsonElement summary) => summary.GetProperty("conversations").GetProperty("resolved").GetInt64();
        long AgentResolved(JsonElement summary) => summary.GetProperty("byAgent").EnumerateArray()
            .Where(a => a.GetProperty("agentId").GetInt64() == agentId).Select(a => a.GetProperty("resolved").GetInt64()).Sum();
        checks.Add(("a conversation resolved now: year's resolved + 1, and the agent's", $"{Resolved(before):N0} → {Resolved(after):N0}, " +
            $"{AgentResolved(before):N0} → {AgentResolved(after):N0}", Resolved(after) == Resolved(before) + 1 && AgentResolved(after) == AgentResolved(before) + 1));
        var heatmap = await HelpdeskApi.GetAsync(agent, $"/api/reports/heatmap?{Period(from, to2)}", ct);

        // Without roll-ups: one transaction, so the roll-up loop sees either all of them or the marker.
        using (var connection = database.Open(readOnly: false))
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, transaction, "DELETE FROM ReportRollups");
            Execute(connection, transaction, "DELETE FROM ReportDays");
            Execute(connection, transaction, "INSERT INTO ReportDays (Day, BuiltAt) VALUES ($p0, $p1)", today.AddDays(30).ToString("yyyy-MM-dd"), to2);
            transaction.Commit();
        }
        var raw = await HelpdeskApi.GetAsync(agent, $"/api/reports/summary?{Period(from, to2)}", ct);
        checks.Add(("the same period without roll-ups: the same summary, every figure", JsonSame(after, raw) ? "identical" : "different", JsonSame(after, raw)));
        var rawHeatmap = await HelpdeskApi.GetAsync(agent, $"/api/reports/heatmap?{Period(from, to2)}", ct);
        checks.Add(("the same period without roll-ups: the same heatmap", JsonSame(heatmap, rawHeatmap) ? "identical" : "different",
            JsonSame(heatmap, rawHeatmap)));
        return checks;
    }

    private static int PrintSummary(
        BenchmarkOptions o, ReportData.Result data, TimeSpan rollUp, TimeSpan rollUpCpu, long days, long rollupRows, List<Phase> phases,
        List<(string Check, string Measured, bool Ok)> checks, int serverErrors, List<string> firstServerErrors)
    {
        var year = phases[0];
        var yearOk = year.Latency.P99 < YearP99TargetMs;
        Console.WriteLine();
        Console.WriteLine(
            $"## Reports over a year: {data.Conversations:N0} conversations, {data.Events:N0} reporting events, {data.Orders:N0} orders, " +
            $"{data.Customers:N0} customers");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine(
            $"Data: written straight into the migrated database in {Report.N(data.Elapsed.TotalSeconds, 1)} s: {data.Events:N0} reporting " +
            $"events from {data.From:yyyy-MM-dd HH:mm} to {data.Now:yyyy-MM-dd HH:mm} UTC, {data.Surveys:N0} surveys sent; database " +
            $"{Report.N(data.FileBytes / 1048576.0)} MB.");
        Console.WriteLine();
        Console.WriteLine(
            $"Roll-up: the helpdesk's own loop built {days:N0} days ({rollupRows:N0} roll-up rows) in {Report.N(rollUp.TotalSeconds, 1)} s " +
            $"from its start (start-up included), {Report.N(rollUpCpu.TotalSeconds, 1)} s of its CPU.");
        Console.WriteLine();
        Report.Table(
            [["request (one agent, one at a time)", "days from", "measured", "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU ms/request", "answer bytes"],
             ..phases.Select(p => new[]
             {
                 p.Request, p.Source, p.Latency.Count.ToString("N0"), Report.N(p.Latency.P50, 1), Report.N(p.Latency.Percentile(95), 1),
                 Report.N(p.Latency.P99, 1), Report.N(p.Latency.Max, 1), Report.N(p.ServerCpuMs, 1), p.Bytes.ToString("N0"),
             })]);
        Report.ServerErrors("Helpdesk", serverErrors, firstServerErrors);
        Console.WriteLine();
        Report.Table(
            [["goal", "target", "measured", "result"],
             ["year's summary p99, with roll-ups", $"< {YearP99TargetMs} ms", $"{Report.N(year.Latency.P99, 1)} ms", Report.Verdict(yearOk)],
             ..checks.Select(c => new[] { c.Check, "equal", c.Measured, Report.Verdict(c.Ok) })]);
        if (o.Conversations != TargetConversations)
            Console.WriteLine($"Note: the target is set for {TargetConversations:N0} conversations; this run used {o.Conversations:N0}.");
        return yearOk && checks.All(c => c.Ok) && serverErrors == 0 ? 0 : 1;
    }

    /// <summary>Signed in with a client that waits long enough for a year read from the raw events.</summary>
    private static async Task<HttpClient> SignInAsync(Uri baseUrl, string email, string password, CancellationToken ct)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromMinutes(5),
        };
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
        if (!response.IsSuccessStatusCode)
        {
            http.Dispose();
            throw new BenchmarkException($"POST /api/auth/login answered {(int)response.StatusCode}");
        }
        return http;
    }

    private static string Period(DateTime from, DateTime to) =>
        $"from={Uri.EscapeDataString(from.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))}&to={Uri.EscapeDataString(to.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))}";

    private static DateOnly LocalDate(DateTime utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    /// <summary>The store's zone, as the helpdesk reads it (its settings, then the run's overrides).</summary>
    private static TimeZoneInfo StoreZone(string contentRoot, IReadOnlyList<string> settings)
    {
        var config = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Production.json", optional: true)
            .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(s => new KeyValuePair<string, string?>(s[0], s[1])))
            .Build();
        return TimeZoneInfo.FindSystemTimeZoneById(config["Store:TimeZone"] ?? "UTC");
    }

    /// <summary>The same JSON, objects compared as sets of properties (a dictionary's order may differ), numbers as written.</summary>
    private static bool JsonSame(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var v) && JsonSame(p.Value, v));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonSame(p.First, p.Second));
            default:
                return a.GetRawText() == b.GetRawText();
        }
    }

    private static List<T> Query<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, params object[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", parameters[i]));
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql, params object[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++) command.Parameters.Add(new SqliteParameter($"$p{i}", parameters[i]));
        command.ExecuteNonQuery();
    }
}
