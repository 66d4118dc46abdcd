using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>
/// What both chat benchmarks start from: the helpdesk on its demo shop with the storefront's hours set,
/// shoppers with their own sessions and agents in the inbox, all connected. Disposing stops them all.
/// </summary>
public sealed class ChatSetup(ServerProcess server, int concurrency) : IAsyncDisposable
{
    private readonly List<HubConnection> _agents = [];

    public ServerProcess Server { get; } = server;
    public List<AgentInbox> Inboxes { get; } = [];
    public List<HubConnection> Shoppers { get; } = [];

    public static async Task<ChatSetup> StartAsync(
        BenchmarkOptions o, string app, string? repo, RunDirectory run, BenchDatabase database, IReadOnlyList<string> settings,
        CancellationToken ct)
    {
        Report.Progress($"helpdesk: starting on {database.Name}");
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, settings, ct);
        var setup = new ChatSetup(started.Server, o.ConnectConcurrency);
        try
        {
            var baseUrl = started.Server.BaseUrl;
            await ChatScenario.SetStorefrontHoursAsync(baseUrl, started.AdminPassword, o.Closed, ct);
            Report.Progress($"helpdesk: opening {o.Shoppers} shopper sessions");
            var tokens = await HubClients.CreateSessionsAsync(baseUrl, o.Shoppers, o.ConnectConcurrency, ct);
            if (o.Agents > 0)
            {
                var cookie = await HubClients.SignInAsync(baseUrl, HelpdeskProcess.AdminEmail, started.AdminPassword, ct);
                setup.Inboxes.AddRange(Enumerable.Range(0, o.Agents).Select(_ => new AgentInbox(baseUrl, cookie)));
            }

            var agents = await HubClients.StartAllAsync(setup.Inboxes.Select(a => a.Connection).ToList(), o.ConnectConcurrency, ct);
            setup._agents.AddRange(agents.Connected);
            var shoppers = await HubClients.StartAllAsync(tokens.Select(t => HubClients.Shopper(baseUrl, t)).ToList(), o.ConnectConcurrency, ct);
            setup.Shoppers.AddRange(shoppers.Connected);
            if (agents.Failed > 0) throw new BenchmarkException($"{agents.Failed} agent connections failed: {agents.FirstError}");
            if (shoppers.Failed > 0) throw new BenchmarkException($"{shoppers.Failed} shopper connections failed: {shoppers.FirstError}");
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>Agents are told after the commit, alongside the ack: the last pushes get a moment to arrive, so that they are counted.</summary>
    public async Task WaitForPushesAsync(long expected, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        while (Inboxes.Sum(a => a.Messages) < expected && wait.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await HubClients.StopAllAsync(Shoppers.Concat(_agents), concurrency);
        await Server.DisposeAsync();
    }
}
