using System.Collections.Concurrent;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Conversations;

/// <summary>
/// Sends agents a fresh summary of each conversation that changed. A busy conversation changes
/// many times a second; its summary is read and sent once per short interval, for all changed
/// conversations in one query, instead of once per message.
/// <para>
/// Summaries go to the agents connected to any node (<see cref="InboxConnections"/>), as every
/// inbox push does: while none is connected, a change is not even noted, and nothing is read. An
/// agent who connects later loads the list as it is then.
/// </para>
/// </summary>
public sealed class ConversationFeed(
    IServiceScopeFactory scopes, IHubContext<InboxHub, IInboxClient> inbox, InboxConnections listeners, TimeProvider time,
    ILogger<ConversationFeed> log)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<long, byte> _changed = new();
    private readonly SemaphoreSlim _signal = new(0);

    public void Changed(long conversationId)
    {
        if (listeners.Any && _changed.TryAdd(conversationId, 0)) _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
                // Pacing, not business time: it runs on the wall clock even when a test moves the app's clock.
                await Task.Delay(Interval, stoppingToken);
                await SendAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Sending conversation summaries failed");
            }
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        // Signals first, then the ids: a change that lands in between is sent now or signals again.
        while (_signal.CurrentCount > 0) await _signal.WaitAsync(ct);
        var ids = _changed.Keys.ToList();
        foreach (var id in ids) _changed.TryRemove(id, out _);
        // The last agent may have left since: nobody would receive what is read.
        if (ids.Count == 0 || !listeners.Any) return;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Conversations.AsNoTracking().Where(c => chunk.Contains(c.Id)).Project(db).ToListAsync(ct);
            foreach (var row in rows) await inbox.Clients.Group(HubGroups.Agents).ConversationChanged(row.ToSummary(now));
        }
    }
}
