using System.Collections.Concurrent;
using Helpdesk.Features.Agents;
using Helpdesk.Infrastructure.Nodes;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>
/// This node's live inbox connections and the security stamp each was opened with, so that an agent
/// who loses access (disabled, new password, new role) loses their open inboxes as well as their cookie,
/// on every node: with Redis, the others hear of it at once.
/// </summary>
public sealed class InboxConnections
{
    private const string Topic = "inbox-revoked";
    private readonly AgentPresence _presence;
    private readonly Nodes _nodes;

    public InboxConnections(AgentPresence presence, Nodes nodes)
    {
        _presence = presence;
        _nodes = nodes;
        nodes.Subscribe(Topic, message =>
        {
            var at = message.IndexOf(':');
            CloseHere(long.Parse(message[..at]), at + 1 == message.Length ? null : message[(at + 1)..]);
        });
    }

    private readonly ConcurrentDictionary<string, (long AgentId, string? Stamp, HubCallerContext Context)> _live = new();

    private int _count;

    public void Opened(HubCallerContext context)
    {
        if (_live.TryAdd(context.ConnectionId, (context.User!.AgentId(), context.User!.Stamp(), context))) Interlocked.Increment(ref _count);
    }

    public void Closed(string connectionId)
    {
        if (_live.TryRemove(connectionId, out _)) Interlocked.Decrement(ref _count);
    }

    /// <summary>Whether any inbox is open on this node or another: asked for every change, so it takes no lock.</summary>
    public bool Any => Volatile.Read(ref _count) > 0 || _presence.AnyElsewhere;

    /// <summary>The agents with a connection open here.</summary>
    public IReadOnlyList<long> Agents() => _live.Values.Select(c => c.AgentId).Distinct().ToList();

    /// <summary>Closes the agent's connections on every node; with <paramref name="unlessStamp"/>, only those opened with another stamp.</summary>
    public void Close(long agentId, string? unlessStamp = null)
    {
        CloseHere(agentId, unlessStamp);
        _nodes.Publish(Topic, $"{agentId}:{unlessStamp}");
    }

    /// <summary>Closes the agent's connections on this node.</summary>
    public void CloseHere(long agentId, string? unlessStamp = null)
    {
        foreach (var (_, c) in _live)
            if (c.AgentId == agentId && (unlessStamp is null || c.Stamp != unlessStamp)) c.Context.Abort();
    }
}

/// <summary>
/// Once a minute, closes the connections of agents whose access changed on another node (or here,
/// between a change and the connection's registration): the change reaches every node through the database.
/// </summary>
public sealed class CloseRevokedInboxConnections(
    InboxConnections connections, IServiceScopeFactory scopes, TimeProvider time, ILogger<CloseRevokedInboxConnections> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AgentCookie.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not re-check the open inbox connections; trying again in a minute");
            }
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var ids = connections.Agents();
        if (ids.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var agents = await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Agents.AsNoTracking()
            .Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Disabled, a.SecurityStamp }).ToDictionaryAsync(a => a.Id, ct);
        foreach (var id in ids)
        {
            if (!agents.TryGetValue(id, out var agent) || agent.Disabled) connections.CloseHere(id);
            else connections.CloseHere(id, unlessStamp: agent.SecurityStamp);
        }
    }
}
