using Helpdesk.Infrastructure.Nodes;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Which visitors have the widget open right now, so something can reach them live, and their
/// connections on this node, so that an ended session can be cut off. With Redis each node shares
/// the visitors it holds (a set that expires unless renewed), so a survey finds a shopper's live
/// widget whichever node holds it; while Redis is away, a node knows only its own.
/// </summary>
public sealed class LiveVisitors(Nodes nodes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<HubCallerContext>> _connections = [];

    public static RedisKey KeyOf(Nodes nodes, string node) => nodes.Key("visitors:" + node);

    public void Connected(long visitorId, HubCallerContext connection)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(visitorId, out var open)) _connections[visitorId] = open = [];
            open.Add(connection);
            if (open.Count == 1) Tell(db => db.SetAddAsync(KeyOf(nodes, nodes.Id), visitorId, CommandFlags.FireAndForget));
        }
    }

    public void Disconnected(long visitorId, HubCallerContext connection)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(visitorId, out var open)) return;
            open.Remove(connection);
            if (open.Count > 0) return;
            _connections.Remove(visitorId);
            Tell(db => db.SetRemoveAsync(KeyOf(nodes, nodes.Id), visitorId, CommandFlags.FireAndForget));
        }
    }

    /// <summary>Those of these visitors with the widget open on any node.</summary>
    public async Task<IReadOnlyList<long>> AmongAsync(IReadOnlyCollection<long> visitorIds)
    {
        HashSet<long> online;
        lock (_gate) online = visitorIds.Where(_connections.ContainsKey).ToHashSet();
        if (!nodes.Shared || visitorIds.Count == 0) return [.. visitorIds.Where(online.Contains)];
        var others = await nodes.OthersAsync();
        var values = visitorIds.Select(v => (RedisValue)v).ToArray();
        await nodes.TryAsync(async db =>
        {
            foreach (var node in others.Keys)
            {
                var member = await db.SetContainsAsync(KeyOf(nodes, node), values);
                for (var i = 0; i < values.Length; i++)
                    if (member[i]) online.Add((long)values[i]);
            }
            return true;
        }, false, "finding live widgets on other nodes");
        return [.. visitorIds.Where(online.Contains)];
    }

    /// <summary>Writes the visitors this node holds to Redis again, for as long as it keeps doing so.</summary>
    public Task ShareAsync()
    {
        lock (_gate)
        {
            if (nodes.Database is not { } db) return Task.CompletedTask;
            var key = KeyOf(nodes, nodes.Id);
            var transaction = db.CreateTransaction();
            _ = transaction.KeyDeleteAsync(key);
            if (_connections.Count > 0)
            {
                _ = transaction.SetAddAsync(key, _connections.Keys.Select(v => (RedisValue)v).ToArray());
                _ = transaction.KeyExpireAsync(key, nodes.Timeout);
            }
            var executed = transaction.ExecuteAsync();
            return nodes.TryAsync(async _ => await executed, false, "sharing the live widgets here");
        }
    }

    /// <summary>Closes every connection of this visitor on this node.</summary>
    public void Close(long visitorId)
    {
        HubCallerContext[] open;
        lock (_gate) open = _connections.TryGetValue(visitorId, out var list) ? [.. list] : [];
        foreach (var connection in open) connection.Abort();
    }

    /// <summary>Under the lock, so that the writes reach Redis in the order of the changes; never waits.</summary>
    private void Tell(Func<IDatabase, Task> write)
    {
        if (nodes.Database is not { } db) return;
        try
        {
            _ = write(db);
        }
        catch (RedisException)
        {
            // Shared again by the next heartbeat.
        }
    }
}
