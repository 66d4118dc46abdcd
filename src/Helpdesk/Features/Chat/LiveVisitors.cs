namespace Helpdesk.Features.Chat;

/// <summary>Which visitors have the widget open on this node right now, so something can reach them live.</summary>
public sealed class LiveVisitors
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _connections = [];

    public void Connected(long visitorId)
    {
        lock (_gate) _connections[visitorId] = _connections.GetValueOrDefault(visitorId) + 1;
    }

    public void Disconnected(long visitorId)
    {
        lock (_gate)
        {
            if (_connections.GetValueOrDefault(visitorId) <= 1) _connections.Remove(visitorId);
            else _connections[visitorId]--;
        }
    }

    public IReadOnlyList<long> Among(IEnumerable<long> visitorIds)
    {
        lock (_gate) return visitorIds.Where(_connections.ContainsKey).ToList();
    }
}
