using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>
/// SignalR's Redis backplane, with this node's own delivery beside it: every connection is known to
/// this node's in-memory manager, and to the Redis manager while Redis answers. A send goes through
/// Redis (to every node) while Redis answers, otherwise straight to the connections on this node. So
/// a hub send never throws or waits because Redis is away: the shoppers and agents on one node keep
/// talking, and the others hear again once Redis returns. What is sent is already stored; the
/// backplane is only delivery.
/// <para>
/// A connection that arrives (or joins a group) while Redis is away is registered with the Redis
/// manager when Redis returns: registering it meanwhile would leave a subscription that Redis
/// restores later with nobody reading it.
/// </para>
/// </summary>
public sealed class NodeHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    /// <summary>How long a send may wait for Redis before this node delivers it itself.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly DefaultHubLifetimeManager<THub> _here;
    private readonly RedisHubLifetimeManager<THub> _everywhere;
    private readonly Nodes _nodes;
    private readonly ILogger<NodeHubLifetimeManager<THub>> _log;
    private readonly ConcurrentDictionary<string, Member> _members = new();
    private int _catchingUp;

    /// <summary>A connection on this node, its groups, and whether the Redis manager knows it (wholly, or only in part after a failure).</summary>
    private sealed class Member(HubConnectionContext connection)
    {
        public HubConnectionContext Connection { get; } = connection;
        public HashSet<string> Groups { get; } = [];
        public bool Shared { get; set; }
        public bool Partly { get; set; }
    }

    public NodeHubLifetimeManager(IServiceProvider services, Nodes nodes, ILogger<NodeHubLifetimeManager<THub>> log)
    {
        _here = ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);
        _everywhere = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        _nodes = nodes;
        _log = log;
        nodes.Restored += () => _ = CatchUpAsync();
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _here.OnConnectedAsync(connection);
        var member = _members[connection.ConnectionId] = new Member(connection);
        if (!_nodes.Connected) return;
        if (await BestEffortAsync(_everywhere.OnConnectedAsync(connection), "registering a connection")) member.Shared = true;
        else member.Partly = true;
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        await _here.OnDisconnectedAsync(connection);
        if (_members.TryRemove(connection.ConnectionId, out var member) && (member.Shared || member.Partly))
            await BestEffortAsync(_everywhere.OnDisconnectedAsync(connection), "unregistering a connection");
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _here.AddToGroupAsync(connectionId, groupName, cancellationToken);
        if (!_members.TryGetValue(connectionId, out var member))
        {
            // Another node's connection: only Redis can reach it.
            await BestEffortAsync(_everywhere.AddToGroupAsync(connectionId, groupName, cancellationToken), "joining a group");
            return;
        }
        lock (member.Groups) member.Groups.Add(groupName);
        if (!member.Shared || !_nodes.Connected) return;
        if (!await BestEffortAsync(_everywhere.AddToGroupAsync(connectionId, groupName, cancellationToken), "joining a group"))
            (member.Shared, member.Partly) = (false, true);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _here.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        if (_members.TryGetValue(connectionId, out var member))
        {
            lock (member.Groups) member.Groups.Remove(groupName);
            if (!member.Shared) return;
        }
        await BestEffortAsync(_everywhere.RemoveFromGroupAsync(connectionId, groupName, cancellationToken), "leaving a group");
    }

    /// <summary>Registers with the Redis manager the connections that came while Redis was away; again until all are.</summary>
    private async Task CatchUpAsync()
    {
        if (Interlocked.Exchange(ref _catchingUp, 1) == 1) return;
        try
        {
            for (var attempt = 0; attempt < 30; attempt++)
            {
                foreach (var member in _members.Values.Where(m => !m.Shared))
                {
                    if (!_nodes.Connected) break;
                    if (member.Partly) await BestEffortAsync(_everywhere.OnDisconnectedAsync(member.Connection), "unregistering a connection");
                    member.Partly = true;
                    if (!await BestEffortAsync(_everywhere.OnConnectedAsync(member.Connection), "registering a connection")) continue;
                    string[] groups;
                    lock (member.Groups) groups = [.. member.Groups];
                    var all = true;
                    foreach (var group in groups)
                        all &= await BestEffortAsync(_everywhere.AddToGroupAsync(member.Connection.ConnectionId, group), "joining a group");
                    if (all) (member.Shared, member.Partly) = (true, false);
                    // Gone meanwhile: its disconnection found it not yet shared.
                    if (!_members.ContainsKey(member.Connection.ConnectionId))
                        await BestEffortAsync(_everywhere.OnDisconnectedAsync(member.Connection), "unregistering a connection");
                }
                if (_members.Values.All(m => m.Shared)) return;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            Volatile.Write(ref _catchingUp, 0);
        }
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken));

    // Client results (unused by the helpdesk's hubs) need Redis to find the connection's node.
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _everywhere.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        _everywhere.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _everywhere.TryGetReturnType(invocationId, out type);

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send)
    {
        // A connection here that Redis does not know yet misses what is sent meanwhile (for a moment after
        // Redis returns); its client asks for what it missed when it reconnects, as after any gap.
        if (_nodes.Connected)
        {
            try
            {
                await send(_everywhere).WaitAsync(Patience);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning(e, "Redis did not take a hub send; delivering it to this node's connections only");
            }
        }
        await send(_here);
    }

    /// <returns>Whether Redis took the call.</returns>
    private async Task<bool> BestEffortAsync(Task call, string what)
    {
        try
        {
            await call.WaitAsync(Patience);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Redis failed while {What}; this node's own delivery goes on", what);
            return false;
        }
    }

    public void Dispose() => _everywhere.Dispose();
}
