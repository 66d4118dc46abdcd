using Helpdesk.Features.Agents;
using Helpdesk.Infrastructure.Nodes;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Who is online: an agent with an open inbox on any node is online unless they chose away; with
/// none, offline. Each node knows its own inbox connections; with Redis it shares which agents it
/// holds (a set that expires unless the node keeps renewing it, so a dead node's agents go offline
/// within <see cref="Nodes.Timeout"/>) and hears the others' changes, and an agent's choice is
/// shared as well. While Redis is away, a node goes on with what it last heard from the others
/// until that expires, and then with its own connections.
/// </summary>
public sealed class AgentPresence
{
    public const string Topic = "presence";
    private const string ChosenTopic = "presence-chosen";

    private readonly IHubContext<InboxHub, IInboxClient> _inbox;
    private readonly IHubContext<WidgetHub, IWidgetClient> _widget;
    private readonly ExpectedReply _expected;
    private readonly Nodes _nodes;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, HashSet<string>> _connections = [];
    private readonly Dictionary<long, string> _chosen = [];
    /// <summary>The agents each other node holds, as last heard, and until when that counts.</summary>
    private readonly Dictionary<string, (HashSet<long> Agents, DateTimeOffset Until)> _elsewhere = [];
    private volatile bool _anyElsewhere;

    public AgentPresence(
        IHubContext<InboxHub, IInboxClient> inbox, IHubContext<WidgetHub, IWidgetClient> widget, ExpectedReply expected, Nodes nodes)
    {
        _inbox = inbox;
        _widget = widget;
        _expected = expected;
        _nodes = nodes;
        nodes.Subscribe(Topic, node => _ = RefreshAsync(node));
        nodes.Subscribe(ChosenTopic, message =>
        {
            var parts = message.Split(':');
            lock (_gate) _chosen[long.Parse(parts[0])] = parts[1];
        });
    }

    public static RedisKey KeyOf(Nodes nodes, string node) => nodes.Key("presence:" + node);

    public string Of(long agentId)
    {
        lock (_gate) return OfLocked(agentId, DateTimeOffset.UtcNow);
    }

    public bool AnyoneOnline
    {
        get
        {
            lock (_gate) return AnyoneOnlineLocked(DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The agents online now (not away, not offline), on any node.</summary>
    public IReadOnlyList<long> Online()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            return Connected(now).Where(a => Chosen(a) == Presence.Online).ToList();
        }
    }

    /// <summary>Whether an agent has an inbox open on another node: asked for every change, so it takes no lock.</summary>
    public bool AnyElsewhere => _anyElsewhere;

    public Task ConnectedAsync(long agentId, string connectionId) => ChangeAsync(agentId, () =>
    {
        if (!_connections.TryGetValue(agentId, out var open)) _connections[agentId] = open = [];
        return open.Add(connectionId) && open.Count == 1;
    });

    public Task DisconnectedAsync(long agentId, string connectionId) => ChangeAsync(agentId, () =>
    {
        if (!_connections.TryGetValue(agentId, out var open) || !open.Remove(connectionId) || open.Count > 0) return false;
        _connections.Remove(agentId);
        return true;
    });

    public async Task ChooseAsync(long agentId, string presence)
    {
        await ChangeAsync(agentId, () =>
        {
            _chosen[agentId] = presence;
            return false;
        });
        if (!_nodes.Shared) return;
        await _nodes.TryAsync(db => db.HashSetAsync(_nodes.Key("presence-chosen"), agentId, presence), false, "sharing a presence choice");
        _nodes.Publish(ChosenTopic, $"{agentId}:{presence}");
    }

    /// <param name="change">Changes this node's state; true when the agents it holds changed.</param>
    private async Task ChangeAsync(long agentId, Func<bool> change)
    {
        string before, after;
        bool anyoneBefore, anyoneAfter;
        Task shared = Task.CompletedTask;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            anyoneBefore = AnyoneOnlineLocked(now);
            before = OfLocked(agentId, now);
            if (change()) shared = ShareLocked();
            after = OfLocked(agentId, now);
            anyoneAfter = AnyoneOnlineLocked(now);
        }
        await shared;
        if (before != after) await _inbox.Clients.Group(HubGroups.Agents).PresenceChanged(new PresenceEvent(agentId, after));
        if (anyoneBefore != anyoneAfter)
            await _widget.Clients.All.Availability(new AvailabilityEvent(anyoneAfter, _expected.Minutes(anyoneAfter)));
    }

    /// <summary>Writes the agents this node holds to Redis, then tells the others.</summary>
    public Task ShareAsync()
    {
        lock (_gate) return ShareLocked();
    }

    /// <summary>Under the lock, so that the writes reach Redis in the order of the changes.</summary>
    private Task ShareLocked()
    {
        if (_nodes.Database is not { } db) return Task.CompletedTask;
        var key = KeyOf(_nodes, _nodes.Id);
        var transaction = db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        if (_connections.Count > 0)
        {
            _ = transaction.SetAddAsync(key, _connections.Keys.Select(a => (RedisValue)a).ToArray());
            _ = transaction.KeyExpireAsync(key, _nodes.Timeout);
        }
        var executed = transaction.ExecuteAsync();
        return _nodes.TryAsync(async _ =>
        {
            await executed;
            _nodes.Publish(Topic, _nodes.Id);
            return true;
        }, false, "sharing who is online here");
    }

    /// <summary>
    /// Reads who is online on the other nodes (or on one that just said it changed). The node where a
    /// change happened announced it; agents who went offline because their node died are announced
    /// by whichever node notices first.
    /// </summary>
    public async Task RefreshAsync(string? node = null)
    {
        if (_nodes.Database is null) return;
        var others = await _nodes.OthersAsync();
        var read = new Dictionary<string, (HashSet<long>, DateTimeOffset)>();
        Dictionary<long, string> chosen = [];
        var ok = await _nodes.TryAsync(async db =>
        {
            foreach (var (id, until) in others.Where(o => node is null || o.Key == node))
                read[id] = ((await db.SetMembersAsync(KeyOf(_nodes, id))).Select(v => (long)v).ToHashSet(), until);
            if (node is null)
                chosen = (await db.HashGetAllAsync(_nodes.Key("presence-chosen"))).ToDictionary(e => (long)e.Name, e => (string)e.Value!);
            return true;
        }, false, "reading who is online elsewhere");
        if (!ok) return;

        List<(long Agent, string Presence)> changed = [];
        bool anyoneBefore, anyoneAfter;
        List<string> gone;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var affected = read.Values.SelectMany(r => r.Item1).Concat(_elsewhere.Values.SelectMany(e => e.Agents)).ToHashSet();
            // As last announced: a node that expired since still counted then.
            var before = affected.ToDictionary(a => a, a => OfLocked(a, DateTimeOffset.MinValue));
            anyoneBefore = AnyoneOnlineLocked(DateTimeOffset.MinValue);
            gone = _elsewhere.Keys.Where(k => node is null ? !read.ContainsKey(k) : k == node && !read.ContainsKey(k)).ToList();
            foreach (var g in gone) _elsewhere.Remove(g);
            foreach (var (id, state) in read) _elsewhere[id] = state;
            foreach (var (agent, presence) in chosen) _chosen[agent] = presence;
            _anyElsewhere = _elsewhere.Values.Any(e => e.Agents.Count > 0);
            foreach (var (agent, was) in before)
                if (OfLocked(agent, now) is var presence && presence != was) changed.Add((agent, presence));
            anyoneAfter = AnyoneOnlineLocked(now);
        }
        // A node that left or died announces nothing itself: one of the others does, once.
        if (node is not null || gone.Count == 0 || changed.Count == 0 && anyoneBefore == anyoneAfter) return;
        var first = await _nodes.TryAsync(db => db.StringSetAsync(_nodes.Key("presence-gone:" + string.Join(",", gone.Order())), _nodes.Id,
            _nodes.Timeout, When.NotExists), false, "announcing a node gone");
        if (!first) return;
        foreach (var (agent, presence) in changed)
            await _inbox.Clients.Group(HubGroups.Agents).PresenceChanged(new PresenceEvent(agent, presence));
        if (anyoneBefore != anyoneAfter)
            await _widget.Clients.All.Availability(new AvailabilityEvent(anyoneAfter, _expected.Minutes(anyoneAfter)));
    }

    private string Chosen(long agentId) => _chosen.GetValueOrDefault(agentId, Presence.Online);

    private IEnumerable<long> Connected(DateTimeOffset now) =>
        _connections.Keys.Concat(_elsewhere.Values.Where(e => e.Until > now).SelectMany(e => e.Agents)).Distinct();

    private string OfLocked(long agentId, DateTimeOffset now) =>
        _connections.ContainsKey(agentId) || _elsewhere.Values.Any(e => e.Until > now && e.Agents.Contains(agentId))
            ? Chosen(agentId) : Presence.Offline;

    private bool AnyoneOnlineLocked(DateTimeOffset now) => Connected(now).Any(a => Chosen(a) == Presence.Online);
}
