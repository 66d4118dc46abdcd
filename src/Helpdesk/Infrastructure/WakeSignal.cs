namespace Helpdesk.Infrastructure;

/// <summary>A polling loop, and the signal that wakes it when there is something new for it instead of waiting for its next look.</summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);

    /// <summary>
    /// Runs rounds of work until stopped: at once again while a round finds work, otherwise after a
    /// wake-up or the poll interval. The pace is the wall clock's, even when a test moves the app's
    /// clock. A failed round is logged and waited out; shutdown never cancels a round, so what a round
    /// claimed is finished before the node stops.
    /// </summary>
    /// <param name="round">One round; true when it found work.</param>
    public async Task LoopAsync(Func<Task<bool>> round, TimeSpan poll, ILogger log, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await round();
            }
            catch (Exception e)
            {
                log.LogError(e, "A round of background work failed");
                worked = false;
            }
            if (worked) continue;
            try
            {
                await WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
