using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// What an open but quiet shopper connection costs the server: its memory with none, then with N connected
/// and left alone for a while. No collection is forced; the figure is what the process actually holds.
/// </summary>
public static class IdleScenario
{
    private const double TargetKbPerConnection = 64;
    private const int TargetConnections = 5000;
    /// <summary>Connections opened and closed before the baseline, so JIT and pools for the hub path are already paid for.</summary>
    private const int WarmupConnections = 50;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        WarnAboutFileLimit(o.Connections);
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);

        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);
        Report.Progress($"helpdesk: starting on {database.Name}");
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, o.ServerSettings, ct);
        await using var server = started.Server;
        var baseUrl = server.BaseUrl;

        var tokens = await HubClients.CreateSessionsAsync(baseUrl, Math.Min(o.Tokens, o.Connections), o.ConnectConcurrency, ct);
        var warm = await HubClients.StartAllAsync(
            Enumerable.Range(0, WarmupConnections).Select(i => HubClients.Shopper(baseUrl, tokens[i % tokens.Length])).ToList(),
            o.ConnectConcurrency, ct);
        await HubClients.StopAllAsync(warm.Connected, o.ConnectConcurrency);
        await Task.Delay(Settle, ct);
        var before = server.ReadMemory();
        Report.Progress($"helpdesk: {before.RssKb / 1024.0:N1} MB resident with no connections; opening {o.Connections} idle connections");

        var opened = await HubClients.StartAllAsync(
            Enumerable.Range(0, o.Connections).Select(i => HubClients.Shopper(baseUrl, tokens[i % tokens.Length])).ToList(),
            o.ConnectConcurrency, ct);
        (long RssKb, long PrivateKb) after;
        int stillConnected;
        try
        {
            Report.Progress($"helpdesk: {opened.Connected.Count} connected ({opened.Failed} failed); idle for {o.IdleWait} s");
            await Task.Delay(TimeSpan.FromSeconds(o.IdleWait), ct);
            after = server.ReadMemory();
            stillConnected = opened.Connected.Count(c => c.State == HubConnectionState.Connected);
        }
        finally
        {
            await HubClients.StopAllAsync(opened.Connected, o.ConnectConcurrency * 4);
        }
        var (errors, firstErrors) = server.LoggedErrors();
        return PrintSummary(o, before, after, opened.Connected.Count, stillConnected, opened.Failed, opened.FirstError, errors, firstErrors);
    }

    private static int PrintSummary(
        BenchmarkOptions o, (long RssKb, long PrivateKb) before, (long RssKb, long PrivateKb) after,
        int opened, int stillConnected, int failed, string? firstFailure, int errors, List<string> firstErrors)
    {
        // Per connection that was actually open, so failed connections cannot make the figure look better.
        double PerConnection(long kbBefore, long kbAfter) => opened == 0 ? double.NaN : (kbAfter - kbBefore) / (double)opened;
        var rssPer = PerConnection(before.RssKb, after.RssKb);
        var privatePer = PerConnection(before.PrivateKb, after.PrivateKb);
        var pass = opened == o.Connections && stillConnected == opened && rssPer <= TargetKbPerConnection;

        Console.WriteLine();
        Console.WriteLine($"## Idle connections: {o.Connections} shopper WebSockets ({Math.Min(o.Tokens, o.Connections)} visitor tokens), idle {o.IdleWait} s");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Report.Table(
            ["server memory", "0 connections", $"{opened} connections", "per connection"],
            ["resident (VmRSS)", Mb(before.RssKb), Mb(after.RssKb), $"{Report.N(rssPer, 1)} KB"],
            ["private (clean + dirty)", Mb(before.PrivateKb), Mb(after.PrivateKb), $"{Report.N(privatePer, 1)} KB"]);
        Console.WriteLine($"Connections: {opened} opened, {failed} failed, {stillConnected} still connected at the measurement");
        if (firstFailure is not null) Console.WriteLine($"First connection failure: {firstFailure}");
        Report.ServerErrors("Helpdesk", errors, firstErrors);
        Console.WriteLine();
        Report.Table(
            ["goal", "target", "measured", "result"],
            ["server memory per idle connection", $"≤ {TargetKbPerConnection} KB", $"{Report.N(rssPer, 1)} KB (resident)", Report.Verdict(pass)]);
        if (o.Connections != TargetConnections)
            Console.WriteLine($"Note: the target is set at {TargetConnections:N0} connections; this run used {o.Connections:N0}.");
        return pass ? 0 : 1;
    }

    private static string Mb(long kb) => $"{Report.N(kb / 1024.0, 1)} MB";

    /// <summary>Each connection is a file descriptor here and another in the server, which inherits this limit.</summary>
    private static void WarnAboutFileLimit(int connections)
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files"));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || !long.TryParse(fields[3], out var soft)) return;
        if (soft < connections + 1000)
            Console.WriteLine($"Warning: the open-file limit is {soft}; {connections} connections need more. Run `ulimit -n {Math.Max(65536, connections * 2)}` first.");
    }
}
