using Microsoft.Data.Sqlite;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// Holds the database's write lock from outside the app, as a long transaction would: the app's
/// writers stall on their commits until it is released, and their queues fill up.
/// </summary>
public sealed class WriteLock : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private WriteLock(SqliteConnection connection)
    {
        _connection = connection;
        // Not deferred: BEGIN IMMEDIATE takes the write lock at once.
        _transaction = connection.BeginTransaction(deferred: false);
    }

    public static async Task<WriteLock> TakeAsync(HelpdeskApp app)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "helpdesk.db")};Pooling=False");
        await connection.OpenAsync();
        return new WriteLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
