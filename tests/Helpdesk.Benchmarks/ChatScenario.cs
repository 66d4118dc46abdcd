using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Live chat under load: N shoppers in a closed loop against the helpdesk while agents watch every
/// conversation, then the same shoppers and loop against a bare echo hub, to separate the helpdesk's own cost
/// from what SignalR on this machine costs anyway.
/// </summary>
public static class ChatScenario
{
    private const double ThroughputTarget = 2000;
    private const double P99TargetMs = 50;
    private const double EchoRatioTarget = 0.5;
    private const int TargetShoppers = 500;

    private sealed record HelpdeskRun(
        LoadResult Load, int Agents,
        long AgentMessages, long AgentSummaries, long AgentMessagesExpected, int ServerErrors, List<string> FirstServerErrors);

    /// <summary>One signed-in agent's inbox, counting what the helpdesk pushes to it.</summary>
    private sealed class AgentInbox
    {
        private long _messages, _summaries;

        public HubConnection Connection { get; }
        public long Messages => Interlocked.Read(ref _messages);
        public long Summaries => Interlocked.Read(ref _summaries);

        public AgentInbox(Uri baseUrl, string cookie)
        {
            Connection = HubClients.Agent(baseUrl, cookie);
            Connection.On<JsonElement>("MessageReceived", _ => Interlocked.Increment(ref _messages));
            Connection.On<JsonElement>("ConversationChanged", _ => Interlocked.Increment(ref _summaries));
        }
    }

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        var warmup = TimeSpan.FromSeconds(o.Warmup);
        var measured = TimeSpan.FromSeconds(o.Seconds);

        var helpdesk = await RunHelpdeskAsync(o, app, repo, run, warmup, measured, ct);
        var echo = await RunEchoAsync(o, run, warmup, measured, ct);
        return PrintSummary(o, helpdesk, echo);
    }

    private static async Task<HelpdeskRun> RunHelpdeskAsync(
        BenchmarkOptions o, string app, string? repo, RunDirectory run, TimeSpan warmup, TimeSpan measured, CancellationToken ct)
    {
        Report.Progress("helpdesk: starting");
        var started = await HelpdeskProcess.StartAsync(app, repo, run, ct);
        await using var server = started.Server;
        var baseUrl = server.BaseUrl;

        Report.Progress($"helpdesk: opening {o.Shoppers} shopper sessions");
        var tokens = await HubClients.CreateSessionsAsync(baseUrl, o.Shoppers, o.ConnectConcurrency, ct);
        var inboxes = new List<AgentInbox>();
        if (o.Agents > 0)
        {
            var cookie = await HubClients.SignInAsync(baseUrl, HelpdeskProcess.AdminEmail, started.AdminPassword, ct);
            inboxes.AddRange(Enumerable.Range(0, o.Agents).Select(_ => new AgentInbox(baseUrl, cookie)));
        }

        var agents = await HubClients.StartAllAsync(inboxes.Select(a => a.Connection).ToList(), o.ConnectConcurrency, ct);
        var shoppers = await HubClients.StartAllAsync(tokens.Select(t => HubClients.Shopper(baseUrl, t)).ToList(), o.ConnectConcurrency, ct);
        try
        {
            if (agents.Failed > 0) throw new BenchmarkException($"{agents.Failed} agent connections failed: {agents.FirstError}");
            if (shoppers.Failed > 0) throw new BenchmarkException($"{shoppers.Failed} shopper connections failed: {shoppers.FirstError}");
            Report.Progress($"helpdesk: {shoppers.Connected.Count} shoppers and {inboxes.Count} agents connected; {o.Warmup} s warm-up, {o.Seconds} s measured");
            var load = await ClosedLoop.RunAsync(shoppers.Connected, warmup, measured, ct);

            // Agents are told after the commit, alongside the ack; give the last pushes a moment to arrive.
            var expected = load.AckedTotal * inboxes.Count;
            var wait = Stopwatch.StartNew();
            while (inboxes.Sum(a => a.Messages) < expected && wait.Elapsed < TimeSpan.FromSeconds(10))
                await Task.Delay(100, ct);

            var (errors, firstErrors) = server.LoggedErrors();
            return new HelpdeskRun(load, inboxes.Count,
                inboxes.Sum(a => a.Messages), inboxes.Sum(a => a.Summaries), expected, errors, firstErrors);
        }
        finally
        {
            await HubClients.StopAllAsync(shoppers.Connected.Concat(agents.Connected), o.ConnectConcurrency);
        }
    }

    private static async Task<LoadResult> RunEchoAsync(
        BenchmarkOptions o, RunDirectory run, TimeSpan warmup, TimeSpan measured, CancellationToken ct)
    {
        Report.Progress("echo hub: starting");
        await using var server = await EchoServer.StartChildAsync(run, ct);
        var clients = await HubClients.StartAllAsync(
            Enumerable.Range(0, o.Shoppers).Select(_ => HubClients.Echo(server.BaseUrl)).ToList(), o.ConnectConcurrency, ct);
        try
        {
            if (clients.Failed > 0) throw new BenchmarkException($"{clients.Failed} echo connections failed: {clients.FirstError}");
            Report.Progress($"echo hub: {clients.Connected.Count} clients connected; {o.Warmup} s warm-up, {o.Seconds} s measured");
            return await ClosedLoop.RunAsync(clients.Connected, warmup, measured, ct);
        }
        finally
        {
            await HubClients.StopAllAsync(clients.Connected, o.ConnectConcurrency);
        }
    }

    private static int PrintSummary(BenchmarkOptions o, HelpdeskRun helpdesk, LoadResult echo)
    {
        var h = helpdesk.Load;
        var ratio = echo.MessagesPerSecond > 0 ? h.MessagesPerSecond / echo.MessagesPerSecond : double.NaN;
        var throughputOk = h.MessagesPerSecond >= ThroughputTarget;
        var latencyOk = h.Latency.P99 < P99TargetMs;
        var ratioOk = ratio >= EchoRatioTarget;

        Console.WriteLine();
        Console.WriteLine($"## Chat load: {o.Shoppers} shoppers, {o.Warmup} s warm-up + {o.Seconds} s measured");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Report.Table(
            ["server", "acked msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "acked (measured)", "errors (whole run)", "lost connections"],
            Row("helpdesk (durable commit)", h),
            Row("bare echo hub", echo));
        Console.WriteLine($"Helpdesk / echo throughput ratio: {Report.N(ratio, 2)}");
        if (h.FirstError is not null) Console.WriteLine($"First helpdesk error: {h.FirstError}");
        if (echo.FirstError is not null) Console.WriteLine($"First echo error: {echo.FirstError}");
        if (h.Unanswered + echo.Unanswered > 0)
            Console.WriteLine($"Calls abandoned unanswered at the end: helpdesk {h.Unanswered}, echo {echo.Unanswered}");
        Console.WriteLine(
            $"Agents ({helpdesk.Agents}): {helpdesk.AgentMessages:N0} MessageReceived of {helpdesk.AgentMessagesExpected:N0} expected " +
            $"(every acked message, warm-up included, times agents); {helpdesk.AgentSummaries:N0} ConversationChanged");
        Report.ServerErrors("Helpdesk", helpdesk.ServerErrors, helpdesk.FirstServerErrors);
        Console.WriteLine();

        Report.Table(
            ["goal", "target", "measured", "result"],
            ["acknowledged durable messages/s", $"≥ {ThroughputTarget:N0}", Report.N(h.MessagesPerSecond), Report.Verdict(throughputOk)],
            ["p99 ack latency", $"< {P99TargetMs} ms", $"{Report.N(h.Latency.P99, 1)} ms", Report.Verdict(latencyOk)],
            ["throughput vs bare echo hub", $"≥ {EchoRatioTarget:0.00}×", $"{Report.N(ratio, 2)}×", Report.Verdict(ratioOk)]);
        if (o.Shoppers != TargetShoppers)
            Console.WriteLine($"Note: the targets are set for {TargetShoppers} shoppers; this run used {o.Shoppers}.");
        return throughputOk && latencyOk && ratioOk ? 0 : 1;
    }

    private static string[] Row(string name, LoadResult r) =>
    [
        name, Report.N(r.MessagesPerSecond), Report.N(r.Latency.P50, 1), Report.N(r.Latency.P90, 1),
        Report.N(r.Latency.P99, 1), Report.N(r.Latency.Max, 1), r.AckedInWindow.ToString("N0"),
        r.Errors.ToString("N0"), r.LostConnections.ToString("N0"),
    ];
}
