using System.Collections.Concurrent;
using System.Globalization;
using Helpdesk.Infrastructure.Nodes;

namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// Channels' schedules, read once and kept briefly: every customer message asks whether its
/// channel is open. A change made on this node is seen here at once and, with Redis, on every other
/// node at once too; a node that missed the news (Redis away) reads it again within the lifetime.
/// </summary>
public sealed class ChannelSchedules
{
    private const string Topic = "schedule-changed";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly Nodes _nodes;
    private readonly ConcurrentDictionary<long, (Schedule Schedule, DateTimeOffset ReadAt)> _known = new();

    public ChannelSchedules(IServiceScopeFactory scopes, TimeProvider time, Nodes nodes)
    {
        _scopes = scopes;
        _time = time;
        _nodes = nodes;
        nodes.Subscribe(Topic, channel => _known.TryRemove(long.Parse(channel, CultureInfo.InvariantCulture), out _));
    }

    public async Task<Schedule> ForChannelAsync(long channelId, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        if (_known.TryGetValue(channelId, out var known) && now - known.ReadAt < Lifetime) return known.Schedule;

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var json = await db.ChannelHours.AsNoTracking().Where(h => h.ChannelId == channelId).Select(h => h.Json).FirstOrDefaultAsync(ct);
        var schedule = json is null ? Schedule.AlwaysOpen : BusinessHoursDto.Read(json).ToSchedule();
        _known[channelId] = (schedule, now);
        return schedule;
    }

    /// <summary>Called after a channel's schedule changed: every node reads it again.</summary>
    public void Forget(long channelId)
    {
        _known.TryRemove(channelId, out _);
        _nodes.Publish(Topic, channelId.ToString(CultureInfo.InvariantCulture));
    }
}
