using System.Data.Common;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// Holds the database's write lock from outside the app, as a long transaction would: the app's
/// writers stall on their commits until it is released, and their queues fill up. On SQLite that
/// is BEGIN IMMEDIATE; on PostgreSQL every table locked in EXCLUSIVE mode (reads go on, writes wait).
/// </summary>
public sealed class WriteLock : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private WriteLock(DbConnection connection, DbTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<WriteLock> TakeAsync(HelpdeskApp app)
    {
        var connection = await app.OpenDatabaseAsync();
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            // Not deferred: BEGIN IMMEDIATE takes the write lock at once.
            return new WriteLock(connection, sqlite.BeginTransaction(deferred: false));

        var transaction = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DO $$ DECLARE t text; BEGIN
              FOR t IN SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' LOOP
                EXECUTE format('LOCK TABLE %I IN EXCLUSIVE MODE', t);
              END LOOP;
            END $$
            """;
        await command.ExecuteNonQueryAsync();
        return new WriteLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.RollbackAsync();
        await _connection.DisposeAsync();
    }
}
