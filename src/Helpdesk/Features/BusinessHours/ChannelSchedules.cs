using System.Collections.Concurrent;

namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// Channels' schedules, read once and kept briefly: every customer message asks whether its
/// channel is open. A change made on this node is seen at once, on another node within the lifetime.
/// </summary>
public sealed class ChannelSchedules(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, (Schedule Schedule, DateTimeOffset ReadAt)> _known = new();

    public async Task<Schedule> ForChannelAsync(long channelId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(channelId, out var known) && now - known.ReadAt < Lifetime) return known.Schedule;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var json = await db.ChannelHours.AsNoTracking().Where(h => h.ChannelId == channelId).Select(h => h.Json).FirstOrDefaultAsync(ct);
        var schedule = json is null ? Schedule.AlwaysOpen : BusinessHoursDto.Read(json).ToSchedule();
        _known[channelId] = (schedule, now);
        return schedule;
    }

    public void Forget(long channelId) => _known.TryRemove(channelId, out _);
}
