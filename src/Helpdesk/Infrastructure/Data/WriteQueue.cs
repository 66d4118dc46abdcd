using System.Threading.Channels;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The group-commit engine every hot writer shares (messages, orders, claims, answers): it runs
/// write operations one after another on one connection and commits the ones that arrive together
/// in a single transaction. On SQLite every commit waits for the disk, so sharing it is what makes
/// thousands of writes a second possible; running one at a time also means an operation's reads
/// and writes are never interleaved with another's. Each operation runs inside a savepoint, so
/// one that fails is undone alone (and, when it lost a race with another node's writer on
/// PostgreSQL, run again); no caller hears back before the transaction holding its work has
/// committed. The queue is bounded: when it is full, new work is refused with
/// <see cref="BusyException"/> before any of it runs.
/// </summary>
public sealed class WriteQueue(IServiceScopeFactory scopes, IOptions<WriteOptions> options, ILogger<WriteQueue> log) : BackgroundService
{
    private const int MaxBatch = 512;
    private const int MaxAttempts = 3;

    private readonly Channel<Work> _queue = Channel.CreateBounded<Work>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private abstract class Work
    {
        public abstract Task RunAsync(HelpdeskDbContext db);
        public abstract void Committed();
        public abstract void Failed(Exception e);
    }

    private sealed class Work<T>(Func<HelpdeskDbContext, Task<T>> operation) : Work
    {
        private T _result = default!;
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Exception? Error { get; private set; }

        public override async Task RunAsync(HelpdeskDbContext db)
        {
            try
            {
                Error = null;
                _result = await operation(db);
            }
            catch (Exception e)
            {
                Error = e;
                throw;
            }
        }

        public override void Committed()
        {
            if (Error is null) Done.TrySetResult(_result);
            else Done.TrySetException(Error);
        }

        public override void Failed(Exception e) => Done.TrySetException(e);
    }

    /// <summary>Runs the operation in the shared transaction; completes after the commit.</summary>
    /// <param name="waitForRoom">
    /// For the rest of a request whose first part is committed already: a full queue is waited out
    /// instead of refusing, since a refusal could no longer leave everything unstored.
    /// </param>
    /// <exception cref="BusyException">The queue is full (or the node is stopping); the operation did not run.</exception>
    public Task<T> RunAsync<T>(Func<HelpdeskDbContext, Task<T>> operation, bool waitForRoom = false)
    {
        var work = new Work<T>(operation);
        if (_queue.Writer.TryWrite(work)) return work.Done.Task;
        if (waitForRoom) return WaitForRoomAsync(work);
        return Task.FromException<T>(new BusyException("Too many changes are waiting to be stored. Nothing was stored: please retry in a moment."));
    }

    private async Task<T> WaitForRoomAsync<T>(Work<T> work)
    {
        await _queue.Writer.WriteAsync(work, CancellationToken.None);
        return await work.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Work>(MaxBatch);
        // The only writer keeps one connection open: opening one costs more than many a write.
        AsyncServiceScope? scope = null;
        // Keeps writing until the queue is completed at shutdown, so nothing accepted is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                scope ??= scopes.CreateAsyncScope();
                await CommitAsync(scope.Value.ServiceProvider.GetRequiredService<HelpdeskDbContext>(), batch);
                foreach (var work in batch) work.Committed();
            }
            catch (Exception e)
            {
                log.LogError(e, "A batch of writes could not be committed");
                foreach (var work in batch) work.Failed(e);
                // Start the next batch on a fresh connection, whatever state this one was left in.
                if (scope is { } broken) await broken.DisposeAsync();
                scope = null;
            }
            batch.Clear();
        }
        if (scope is { } last) await last.DisposeAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private static async Task CommitAsync(HelpdeskDbContext db, List<Work> batch)
    {
        // Each operation gets one savepoint here; EF's own savepoint around every save would double them.
        db.Database.AutoSavepointsEnabled = false;
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var first = true;
        foreach (var work in batch)
        {
            // One statement per operation: the last one's savepoint is released as this one's is taken, and
            // the commit releases the batch's last. On PostgreSQL each statement is a round trip to the server.
            await SavepointAsync(db, tx, first ? "SAVEPOINT work" : "RELEASE SAVEPOINT work; SAVEPOINT work");
            first = false;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await work.RunAsync(db);
                    break;
                }
                catch (Exception e)
                {
                    // Undo this operation only; its caller gets the error once the rest has committed. The
                    // savepoint stays in place after the rollback, so a second attempt runs inside it again.
                    await tx.RollbackToSavepointAsync("work");
                    db.ChangeTracker.Clear();
                    // Another node's writer held what it needed (PostgreSQL): undone, it runs again.
                    if (attempt >= MaxAttempts || !RawSql.IsConflict(e)) break;
                }
            }
            // Each operation starts with nothing tracked: saves stay as cheap for the last as for the first.
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync();
    }

    private static async Task SavepointAsync(HelpdeskDbContext db, IDbContextTransaction tx, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = tx.GetDbTransaction();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
