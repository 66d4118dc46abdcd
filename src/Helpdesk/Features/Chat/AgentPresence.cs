using Helpdesk.Features.Agents;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Who is online, from the inbox connections of this node: an agent with an open inbox is
/// online unless they chose away; with none, offline.
/// </summary>
public sealed class AgentPresence(
    IHubContext<InboxHub, IInboxClient> inbox, IHubContext<WidgetHub, IWidgetClient> widget, ExpectedReply expected)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, (HashSet<string> Connections, string Chosen)> _agents = [];

    public string Of(long agentId)
    {
        lock (_gate)
            return _agents.TryGetValue(agentId, out var a) && a.Connections.Count > 0 ? a.Chosen : Presence.Offline;
    }

    public bool AnyoneOnline
    {
        get
        {
            lock (_gate) return _agents.Values.Any(a => a.Connections.Count > 0 && a.Chosen == Presence.Online);
        }
    }

    /// <summary>The agents online now (not away, not offline).</summary>
    public IReadOnlyList<long> Online()
    {
        lock (_gate)
            return _agents.Where(a => a.Value.Connections.Count > 0 && a.Value.Chosen == Presence.Online).Select(a => a.Key).ToList();
    }

    public Task ConnectedAsync(long agentId, string connectionId) => ChangeAsync(agentId, a =>
    {
        a.Connections.Add(connectionId);
        return a;
    });

    public Task DisconnectedAsync(long agentId, string connectionId) => ChangeAsync(agentId, a =>
    {
        a.Connections.Remove(connectionId);
        return a;
    });

    public Task ChooseAsync(long agentId, string presence) => ChangeAsync(agentId, a => a with { Chosen = presence });

    private async Task ChangeAsync(long agentId, Func<(HashSet<string> Connections, string Chosen), (HashSet<string>, string)> change)
    {
        string before, after;
        bool anyoneBefore, anyoneAfter;
        lock (_gate)
        {
            anyoneBefore = _agents.Values.Any(a => a.Connections.Count > 0 && a.Chosen == Presence.Online);
            before = Of(agentId);
            var current = _agents.GetValueOrDefault(agentId, ([], Presence.Online));
            _agents[agentId] = change(current);
            after = Of(agentId);
            anyoneAfter = _agents.Values.Any(a => a.Connections.Count > 0 && a.Chosen == Presence.Online);
        }
        if (before != after) await inbox.Clients.Group(HubGroups.Agents).PresenceChanged(new PresenceEvent(agentId, after));
        if (anyoneBefore != anyoneAfter)
            await widget.Clients.All.Availability(new AvailabilityEvent(anyoneAfter, expected.Minutes(anyoneAfter)));
    }
}
