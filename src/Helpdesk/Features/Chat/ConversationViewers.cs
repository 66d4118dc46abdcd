using Helpdesk.Infrastructure.Nodes;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Which agents have which conversation open, so that two of them do not answer the same shopper.
/// Each inbox connection views at most one conversation; an agent with several tabs on it counts once,
/// and a closed connection stops viewing.
/// <para>
/// Each node tells only its own inboxes (the <see cref="HubGroups.AgentsOn"/> group), from what it
/// knows: its own connections and, with Redis, what the others share. A node shares its viewers as a
/// set that expires unless renewed (like <see cref="AgentPresence"/>) and announces each change; the
/// others read that node's set again and tell their inboxes. So every inbox hears the same list in
/// the end, whichever node changed first, and a dead node's viewers vanish within
/// <see cref="Nodes.Timeout"/> when the others' heartbeat finds its set gone.
/// </para>
/// </summary>
public sealed class ConversationViewers
{
    public const string Topic = "viewers";

    private readonly record struct Viewing(long ConversationId, long AgentId, string Name);

    private readonly IHubContext<InboxHub, IInboxClient> _inbox;
    private readonly Nodes _nodes;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Viewing> _here = [];
    private readonly Dictionary<string, (HashSet<Viewing> Viewing, DateTimeOffset Until)> _elsewhere = [];
    // One telling at a time, each reading the state when it starts: an inbox never hears an older list after a newer one.
    private readonly SemaphoreSlim _telling = new(1, 1);

    public ConversationViewers(IHubContext<InboxHub, IInboxClient> inbox, Nodes nodes)
    {
        _inbox = inbox;
        _nodes = nodes;
        nodes.Subscribe(Topic, node => _ = RefreshAsync(node));
    }

    public static RedisKey KeyOf(Nodes nodes, string node) => nodes.Key("viewers:" + node);

    /// <summary>The connection now views this conversation (null: none).</summary>
    public async Task ViewAsync(string connectionId, long agentId, string agentName, long? conversationId)
    {
        HashSet<long> changed = [];
        Task shared;
        lock (_gate)
        {
            var had = _here.TryGetValue(connectionId, out var before);
            if (had && before.ConversationId == conversationId) return;
            if (had)
            {
                _here.Remove(connectionId);
                changed.Add(before.ConversationId);
            }
            if (conversationId is { } id)
            {
                _here[connectionId] = new Viewing(id, agentId, agentName);
                changed.Add(id);
            }
            if (changed.Count == 0) return;
            shared = ShareLocked();
        }
        await shared;
        await TellAsync(changed);
    }

    public Task DisconnectedAsync(string connectionId) => ViewAsync(connectionId, 0, "", null);

    /// <summary>Every conversation someone views now, for an inbox that has just connected.</summary>
    public IReadOnlyList<ViewersEvent> All()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            return Current(now).Select(v => v.ConversationId).Distinct().Order().Select(c => EventLocked(c, now)).ToList();
        }
    }

    /// <summary>Writes this node's viewers to Redis again, for as long as it keeps doing so.</summary>
    public Task ShareAsync()
    {
        lock (_gate) return ShareLocked(announce: false);
    }

    /// <summary>Under the lock, so that the writes reach Redis in the order of the changes.</summary>
    private Task ShareLocked(bool announce = true)
    {
        if (_nodes.Database is not { } db) return Task.CompletedTask;
        var key = KeyOf(_nodes, _nodes.Id);
        var transaction = db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        var members = _here.Values.Distinct().Select(v => (RedisValue)$"{v.ConversationId}:{v.AgentId}:{v.Name}").ToArray();
        if (members.Length > 0)
        {
            _ = transaction.SetAddAsync(key, members);
            _ = transaction.KeyExpireAsync(key, _nodes.Timeout);
        }
        var executed = transaction.ExecuteAsync();
        return _nodes.TryAsync(async _ =>
        {
            await executed;
            if (announce) _nodes.Publish(Topic, _nodes.Id);
            return true;
        }, false, "sharing who views what here");
    }

    /// <summary>
    /// Reads what the other nodes' agents view (or one node, that just announced a change) and tells
    /// this node's inboxes of every conversation whose viewers changed, those of a vanished node included.
    /// </summary>
    public async Task RefreshAsync(string? node = null)
    {
        if (_nodes.Database is null) return;
        var others = await _nodes.OthersAsync();
        var read = new Dictionary<string, (HashSet<Viewing>, DateTimeOffset)>();
        var ok = await _nodes.TryAsync(async db =>
        {
            foreach (var (id, until) in others.Where(o => node is null || o.Key == node))
                read[id] = ((await db.SetMembersAsync(KeyOf(_nodes, id))).Select(v => Parse(v!)).OfType<Viewing>().ToHashSet(), until);
            return true;
        }, false, "reading who views what elsewhere");
        if (!ok) return;

        HashSet<long> changed = [];
        lock (_gate)
        {
            var gone = _elsewhere.Keys.Where(k => (node is null || k == node) && !read.ContainsKey(k)).ToList();
            foreach (var g in gone)
            {
                changed.UnionWith(_elsewhere[g].Viewing.Select(v => v.ConversationId));
                _elsewhere.Remove(g);
            }
            foreach (var (id, state) in read)
            {
                var before = _elsewhere.TryGetValue(id, out var known) ? known.Viewing : [];
                changed.UnionWith(before.Except(state.Item1).Concat(state.Item1.Except(before)).Select(v => v.ConversationId));
                _elsewhere[id] = state;
            }
        }
        if (changed.Count > 0) await TellAsync(changed);
    }

    private static Viewing? Parse(string value)
    {
        var parts = value.Split(':', 3);
        return parts.Length == 3 && long.TryParse(parts[0], out var conversation) && long.TryParse(parts[1], out var agent)
            ? new Viewing(conversation, agent, parts[2]) : null;
    }

    private async Task TellAsync(IEnumerable<long> conversationIds)
    {
        await _telling.WaitAsync();
        try
        {
            List<ViewersEvent> events;
            lock (_gate)
            {
                var now = DateTimeOffset.UtcNow;
                events = conversationIds.Distinct().Select(c => EventLocked(c, now)).ToList();
            }
            var here = _inbox.Clients.Group(HubGroups.AgentsOn(_nodes.Id));
            foreach (var e in events) await here.Viewers(e);
        }
        finally
        {
            _telling.Release();
        }
    }

    private IEnumerable<Viewing> Current(DateTimeOffset now) =>
        _here.Values.Concat(_elsewhere.Values.Where(e => e.Until > now).SelectMany(e => e.Viewing));

    private ViewersEvent EventLocked(long conversationId, DateTimeOffset now) =>
        new(conversationId, Current(now).Where(v => v.ConversationId == conversationId)
            .DistinctBy(v => v.AgentId).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.AgentId)
            .Select(v => new ViewerDto(v.AgentId, v.Name)).ToList());
}
