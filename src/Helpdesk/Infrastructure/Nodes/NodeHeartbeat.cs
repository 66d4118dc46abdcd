using Helpdesk.Features.Chat;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>
/// With Redis, this node says it is alive several times per <see cref="Nodes.Timeout"/> and shares
/// again what it knows alone (its agents, shoppers and who views what), so that a Redis that restarted empty learns it
/// again, and reads who is online and who views what on the other nodes, so that a node that died stops counting.
/// Stopping, it leaves at once.
/// </summary>
public sealed class NodeHeartbeat(Nodes nodes, AgentPresence presence, LiveVisitors visitors, ConversationViewers viewers, ILogger<NodeHeartbeat> log) : BackgroundService
{
    private readonly SemaphoreSlim _now = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!nodes.Shared) return;
        nodes.Restored += Beat;
        var every = nodes.Timeout / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync();
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not share this node's state; trying again shortly");
            }
            try
            {
                await _now.WaitAsync(every, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        nodes.Restored -= Beat;
    }

    private void Beat()
    {
        try
        {
            _now.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already due.
        }
    }

    private async Task BeatAsync()
    {
        var until = DateTimeOffset.UtcNow + nodes.Timeout;
        await nodes.TryAsync(db => db.SortedSetAddAsync(nodes.Key("nodes"), nodes.Id, until.ToUnixTimeMilliseconds()), false, "announcing this node");
        await Task.WhenAll(presence.ShareAsync(), visitors.ShareAsync(), viewers.ShareAsync());
        await Task.WhenAll(presence.RefreshAsync(), viewers.RefreshAsync());
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!nodes.Shared) return;
        await nodes.TryAsync(async db =>
        {
            await db.SortedSetRemoveAsync(nodes.Key("nodes"), nodes.Id);
            await db.KeyDeleteAsync([AgentPresence.KeyOf(nodes, nodes.Id), LiveVisitors.KeyOf(nodes, nodes.Id), ConversationViewers.KeyOf(nodes, nodes.Id)]);
            return true;
        }, false, "leaving");
        nodes.Publish(AgentPresence.Topic, nodes.Id);
        nodes.Publish(ConversationViewers.Topic, nodes.Id);
    }
}
