using System.Collections.Concurrent;

namespace Helpdesk.Infrastructure.Mediator;

/// <summary>
/// MediatR's mediator, except that a notification goes to <see cref="AfterCommit"/>: every
/// notification is published after a commit, and its listeners never delay or fail the request
/// that published it.
/// </summary>
public sealed class AfterCommitMediator(ServiceFactory services, AfterCommit afterCommit) : IMediator
{
    private readonly MediatR.Mediator _mediator = new(services);

    public Task<TResponse> Send<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        _mediator.Send(request, cancellationToken);

    public Task Send(IRequest request, CancellationToken cancellationToken = default) => _mediator.Send(request, cancellationToken);

    public Task Publish<TNotification>(TNotification notification, CancellationToken cancellationToken = default)
        where TNotification : INotification
    {
        afterCommit.Publish(notification);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Runs the listeners of a committed change (broadcasts, chat offers, after-hours replies) in the
/// background, so that the sender, who has been answered already, never waits for them nor hears
/// of their failures. They run one after another in one scope, in their registered order; one that
/// throws does not stop the others. It is logged and run again alone, in a scope of its own, after
/// growing pauses until it succeeds or <see cref="RetryDelay"/> gives up: a listener hears of a
/// notification again only after it failed, and is written to bear that (a broadcast carries the
/// message id, the after-hours reply and the chat offer check what is stored). Retries are kept in
/// memory: a restart forgets them, and a reconnecting client asks for what it missed.
/// </summary>
public sealed class AfterCommit(IServiceScopeFactory scopes, ILogger<AfterCommit> log) : IHostedService
{
    /// <summary>Listener runs at a time: a burst of messages waits its turn rather than open a database connection each.</summary>
    private const int Concurrency = 32;

    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(Concurrency);
    private readonly ConcurrentDictionary<Task, bool> _running = new();

    /// <summary>The pause before trying a listener again after it failed this many times; null once it is given up.</summary>
    public static TimeSpan? RetryDelay(int failures) => failures is >= 1 and <= 5 ? TimeSpan.FromSeconds(1 << (failures - 1)) : null;

    public void Publish<T>(T notification) where T : INotification => Track(RunAllAsync(notification));

    private async Task RunAllAsync<T>(T notification) where T : INotification
    {
        await _slots.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            foreach (var listener in scope.ServiceProvider.GetServices<INotificationHandler<T>>())
                if (await TryAsync(listener, notification) is { } failure) Track(RetryAsync(notification, listener.GetType(), failure));
        }
        catch (Exception e)
        {
            log.LogError(e, "The listeners of {Notification} could not be run", typeof(T).Name);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task RetryAsync<T>(T notification, Type listener, Exception failure) where T : INotification
    {
        for (var failures = 1; ; failures++)
        {
            if (RetryDelay(failures) is not { } pause)
            {
                log.LogError(failure, "{Listener} failed {Failures} times on {Notification} and is given up", listener.Name, failures, typeof(T).Name);
                return;
            }
            log.LogWarning(failure, "{Listener} failed on {Notification}; it is tried again in {Pause}", listener.Name, typeof(T).Name, pause);
            try
            {
                // The wall clock's pace, like the other background loops, even when a test moves the app's clock.
                await Task.Delay(pause, _stopping.Token);
                await _slots.WaitAsync(_stopping.Token);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var again = scope.ServiceProvider.GetServices<INotificationHandler<T>>().First(l => l.GetType() == listener);
                    if (await TryAsync(again, notification) is not { } next) return;
                    failure = next;
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                log.LogError(failure, "{Listener} failed on {Notification} and is not tried again: the node is stopping", listener.Name, typeof(T).Name);
                return;
            }
        }
    }

    private static async Task<Exception?> TryAsync<T>(INotificationHandler<T> listener, T notification) where T : INotification
    {
        try
        {
            await listener.Handle(notification, CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private void Track(Task task)
    {
        if (task.IsCompleted) return;
        _running[task] = true;
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Listeners that are running finish (stopped before the writers they may use); pending retries are given up.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.LogWarning("{Count} listeners were still running when the node stopped", _running.Count);
        }
    }
}
