using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Which visitors have the widget open on this node right now, so something can reach them live,
/// and their connections, so that an ended session can be cut off.
/// </summary>
public sealed class LiveVisitors
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, List<HubCallerContext>> _connections = [];

    public void Connected(long visitorId, HubCallerContext connection)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(visitorId, out var open)) _connections[visitorId] = open = [];
            open.Add(connection);
        }
    }

    public void Disconnected(long visitorId, HubCallerContext connection)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(visitorId, out var open)) return;
            open.Remove(connection);
            if (open.Count == 0) _connections.Remove(visitorId);
        }
    }

    public IReadOnlyList<long> Among(IEnumerable<long> visitorIds)
    {
        lock (_gate) return visitorIds.Where(_connections.ContainsKey).ToList();
    }

    /// <summary>Closes every connection of this visitor on this node.</summary>
    public void Close(long visitorId)
    {
        HubCallerContext[] open;
        lock (_gate) open = _connections.TryGetValue(visitorId, out var list) ? [.. list] : [];
        foreach (var connection in open) connection.Abort();
    }
}
