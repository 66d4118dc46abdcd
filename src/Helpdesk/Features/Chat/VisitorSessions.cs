using Helpdesk.Infrastructure.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Whether a visitor's session has ended (signed out at the storefront, or revoked). The end is
/// stored on the visitor, so it holds across restarts and nodes; each node remembers the answer
/// for a short while, so a connected visitor's calls do not each read the database. An end made
/// on this node applies here at once and closes the visitor's open connections; with Redis, it
/// applies on every other node at once as well.
/// </summary>
public sealed class VisitorSessions : IDisposable
{
    private const string Topic = "visitor-ended";

    /// <summary>How late another node may learn of an end (while Redis is away, or without it).</summary>
    private static readonly TimeSpan Remembered = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly LiveVisitors _live;
    private readonly TimeProvider _time;
    private readonly Nodes _nodes;

    // Bounded: one small entry per recently seen visitor, the oldest dropped first when full.
    private readonly Lock _gate = new();
    private readonly MemoryCache _ended = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public VisitorSessions(IServiceScopeFactory scopes, LiveVisitors live, TimeProvider time, Nodes nodes)
    {
        _scopes = scopes;
        _live = live;
        _time = time;
        _nodes = nodes;
        nodes.Subscribe(Topic, visitor => EndedHere(long.Parse(visitor, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public async ValueTask<bool> HasEndedAsync(long visitorId, CancellationToken ct)
    {
        if (_ended.TryGetValue(visitorId, out bool ended)) return ended;
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var visitor = await db.Visitors.AsNoTracking().Where(v => v.Id == visitorId)
            .Select(v => new { v.RevokedAt }).FirstOrDefaultAsync(ct);
        // A visitor that does not exist (a database restored from backup) has no session either.
        return Remember(visitorId, visitor?.RevokedAt is not null || visitor is null);
    }

    /// <summary>Ends a visitor's session for good.</summary>
    public async Task EndAsync(long visitorId, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        await db.Visitors.Where(v => v.Id == visitorId && v.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.RevokedAt, now), ct);
        Ended(visitorId);
    }

    /// <summary>Applies an end already stored: refuses the visitor on every node from now on and closes their connections.</summary>
    public void Ended(long visitorId)
    {
        EndedHere(visitorId);
        _nodes.Publish(Topic, visitorId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private void EndedHere(long visitorId)
    {
        Remember(visitorId, true);
        _live.Close(visitorId);
    }

    private bool Remember(long visitorId, bool ended)
    {
        lock (_gate)
        {
            // A read that began before this node ended the session must not bring it back.
            if (!ended && _ended.TryGetValue(visitorId, out bool known) && known) return true;
            _ended.Set(visitorId, ended, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Remembered });
            return ended;
        }
    }

    public void Dispose() => _ended.Dispose();
}
