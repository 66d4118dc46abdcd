using System.Diagnostics;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Live chat while some of the shoppers attack the widget hub: the honest ones send at a fixed total rate, as in
/// the chat benchmark's latency phase, while the flooders (<see cref="Flooder"/>) call as fast as they are
/// answered, from the start of the warm-up until the honest shoppers are done. What counts is the honest
/// shoppers' ack latency; what the flooders got shows how the helpdesk turned them away.
/// </summary>
public static class ChatFloodScenario
{
    private const double P99TargetMs = 100;
    private const int TargetShoppers = 500;
    private const int TargetRate = 1000;
    private const int TargetFloodPercent = 10;

    private sealed record FloodRun(
        int Honest, int Flooders, LoadResult Load, double FloodSeconds, Dictionary<FloodCall, FloodTally> Calls,
        int Drops, int Reconnects, int FailedReconnects,
        int Agents, long AgentMessages, long AgentMessagesExpected, long AgentTyping, int ServerErrors, List<string> FirstServerErrors);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);
        return PrintSummary(o, await RunHelpdeskAsync(o, app, repo, run, ct));
    }

    private static readonly string[] ShippedVisitorLimits = ["RateLimits:TypingPerMinute=40", "RateLimits:HubCallsPerMinute=120"];

    private static async Task<FloodRun> RunHelpdeskAsync(
        BenchmarkOptions o, string app, string? repo, RunDirectory run, CancellationToken ct)
    {
        var flooderCount = Math.Max(1, o.Shoppers * o.FloodPercent / 100);
        if (flooderCount >= o.Shoppers)
            throw new BenchmarkException($"--shoppers {o.Shoppers} leaves no honest shopper beside {flooderCount} flooders.");

        // The honest load all comes from one address at a rate no person sends, so those limits are raised;
        // the per-visitor limits on typing and other hub calls stay as shipped, for the flooders to meet.
        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);
        await using var setup = await ChatSetup.StartAsync(o, app, repo, run, database, [.. ShippedVisitorLimits, .. o.ServerSettings], ct);
        var inboxes = setup.Inboxes;
        var flooders = setup.Shoppers.Take(flooderCount).Select((c, i) => new Flooder(c, i)).ToArray();
        var honest = setup.Shoppers.Skip(flooderCount).Select((c, i) => new Sender(c, i)).ToArray();
        Report.Progress($"helpdesk: {honest.Length} honest shoppers, {flooders.Length} flooders and {inboxes.Count} agents connected");

        Report.Progress(
            $"helpdesk: {o.Rate:N0} msg/s from the honest shoppers while the flooders flood; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var load = await RunUnderFloodAsync(o, honest, flooders, ct);

        var calls = Enum.GetValues<FloodCall>().ToDictionary(c => c, c => flooders.Aggregate(FloodTally.None, (t, f) => t.Add(f.Tally(c))));
        var floodStored = calls[FloodCall.TooLong].Accepted + calls[FloodCall.NearLimit].Accepted + flooders.Count(f => f.Opened);
        var expected = (load.Honest.AckedTotal + floodStored) * inboxes.Count;
        await setup.WaitForPushesAsync(expected, ct);

        var (errors, firstErrors) = setup.Server.LoggedErrors();
        return new FloodRun(
            honest.Length, flooders.Length, load.Honest, load.FloodSeconds, calls,
            flooders.Sum(f => f.Drops), flooders.Sum(f => f.Reconnects), flooders.Sum(f => f.FailedReconnects),
            inboxes.Count, inboxes.Sum(a => a.Messages), expected, inboxes.Sum(a => a.Typing), errors, firstErrors);
    }

    private static async Task<(LoadResult Honest, double FloodSeconds)> RunUnderFloodAsync(
        BenchmarkOptions o, Sender[] honest, Flooder[] flooders, CancellationToken ct)
    {
        using var stopFlood = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var flooding = Stopwatch.StartNew();
        var flood = Task.WhenAll(flooders.Select(f => f.RunAsync(stopFlood.Token)));
        try
        {
            var load = await PacedLoop.RunAsync(honest, o.Rate, TimeSpan.FromSeconds(o.Warmup), TimeSpan.FromSeconds(o.Seconds), ct);
            return (load, flooding.Elapsed.TotalSeconds);
        }
        finally
        {
            stopFlood.Cancel();
            await flood;
        }
    }

    private static int PrintSummary(BenchmarkOptions o, FloodRun r)
    {
        var keptUp = ChatScenario.KeptUp(o, r.Load);
        var latencyOk = keptUp && r.Load.Latency.P99 < P99TargetMs;
        var stored = r.Calls[FloodCall.TooLong].Accepted + r.Calls[FloodCall.NearLimit].Accepted;
        var atRate = $"at {o.Rate:N0} msg/s";

        Console.WriteLine();
        Console.WriteLine(
            $"## Chat under flood: {o.Shoppers} shoppers, {r.Flooders} of them flooding; {o.Warmup} s warm-up + {o.Seconds} s measured");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Console.WriteLine(
            $"The {r.Honest} honest shoppers send {o.Rate:N0} msg/s in total on a fixed schedule; latency counts from the scheduled send. " +
            $"The {r.Flooders} flooders call the widget hub again as soon as each call is answered, for {Report.N(r.FloodSeconds, 1)} s " +
            "(the warm-up, the measured window and the last acks).");
        Console.WriteLine();
        Report.Table(
            ["shoppers", "load", "acked msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "acked (measured)", "errors (phase)", "lost connections"],
            ChatScenario.Row($"honest ({r.Honest})", atRate, r.Load));
        if (!keptUp)
            Console.WriteLine(
                $"Not kept up: the helpdesk acked {Report.N(r.Load.MessagesPerSecond)} of the {o.Rate:N0} msg/s offered " +
                $"(under {ChatScenario.KeptUpShare:P0}), so these latencies measure a growing queue.");
        if (r.Load.FirstError is not null) Console.WriteLine($"First honest shopper's error: {r.Load.FirstError}");
        if (r.Load.Unanswered > 0) Console.WriteLine($"Honest calls abandoned unanswered at the end: {r.Load.Unanswered}");
        Console.WriteLine();

        Report.Table(
            [["flooders' call", "calls", "calls/s", "refused (HubException)", "accepted", "failed otherwise"],
             .. r.Calls.Select(c => new[]
             {
                 Describe(c.Key), c.Value.Calls.ToString("N0"), Report.N(c.Value.Calls / r.FloodSeconds),
                 c.Value.Refused.ToString("N0"), c.Value.Accepted.ToString("N0"), c.Value.Failed.ToString("N0"),
             })]);
        Console.WriteLine(
            $"Flooders' connections dropped: {r.Drops:N0}; connected again: {r.Reconnects:N0} " +
            $"(attempts that failed: {r.FailedReconnects:N0}).");
        foreach (var (call, tally) in r.Calls)
        {
            if (tally.FirstRefusal is not null) Console.WriteLine($"First refusal ({Describe(call)}): {tally.FirstRefusal}");
            if (tally.FirstFailure is not null) Console.WriteLine($"First other failure ({Describe(call)}): {tally.FirstFailure}");
        }
        Console.WriteLine(
            $"Agents ({r.Agents}): {r.AgentMessages:N0} MessageReceived of {r.AgentMessagesExpected:N0} expected " +
            $"(every acked message, the flooders' first ones included, times agents); {r.AgentTyping:N0} Typing pushes");
        Report.ServerErrors("Helpdesk", r.ServerErrors, r.FirstServerErrors);
        Console.WriteLine();

        Report.Table(
            ["goal", "target", "measured", "result"],
            [$"honest p99 ack latency {atRate}, {o.FloodPercent} % of shoppers flooding", $"< {P99TargetMs} ms",
                $"{Report.N(r.Load.Latency.P99, 1)} ms" + (keptUp ? "" : $" (only {Report.N(r.Load.MessagesPerSecond)} msg/s acked)"),
                Report.Verdict(latencyOk)],
            ["flooders' too long messages stored", "0", stored.ToString("N0"), Report.Verdict(stored == 0)]);
        if (o.Shoppers != TargetShoppers || o.Rate != TargetRate || o.FloodPercent != TargetFloodPercent)
            Console.WriteLine(
                $"Note: the target is set for {TargetShoppers} shoppers, {TargetFloodPercent} % flooding, at {TargetRate:N0} msg/s; " +
                $"this run used {o.Shoppers} shoppers, {o.FloodPercent} % flooding, at {o.Rate:N0} msg/s.");
        return latencyOk && stored == 0 ? 0 : 1;
    }

    private static string Describe(FloodCall call) => call switch
    {
        FloodCall.Typing => "Typing(true/false)",
        FloodCall.TooLong => "SendMessage, 6,000 chars",
        _ => "SendMessage, 64,000 chars",
    };
}
