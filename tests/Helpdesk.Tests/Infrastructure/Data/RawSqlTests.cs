using Helpdesk.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Helpdesk.Tests.Infrastructure.Data;

public sealed class RawSqlTests
{
    private const string Claim = $"""
        UPDATE Outbox SET Status = $p1 WHERE Id IN (SELECT Id FROM Outbox WHERE Status = $p0 LIMIT $p10 {RawSql.SkipLocked})
        AND Status = $p0 /* postgres: RETURNING Id */
        """;

    [Fact]
    public void Sqlite_runs_the_statement_as_written()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var command = connection.Command(Claim).Bind("queued", "sending");
        Assert.Equal(Claim, command.CommandText);
        Assert.Equal(["$p0", "$p1"], command.Parameters.Cast<SqliteParameter>().Select(p => p.ParameterName));
    }

    [Fact]
    public void Postgres_numbers_the_parameters_from_one_and_runs_its_own_clauses()
    {
        using var connection = new NpgsqlConnection("Host=localhost");
        using var command = connection.Command(Claim).Bind("queued", "sending\0");
        Assert.Equal("""
            UPDATE Outbox SET Status = $2 WHERE Id IN (SELECT Id FROM Outbox WHERE Status = $1 LIMIT $11 FOR UPDATE SKIP LOCKED)
            AND Status = $1 RETURNING Id
            """, command.CommandText);
        // Positional: no names for Npgsql to rewrite; and no NUL, which PostgreSQL's text cannot hold.
        Assert.All(command.Parameters.Cast<NpgsqlParameter>(), p => Assert.Equal("", p.ParameterName));
        Assert.Equal("sending", command.Parameters[1].Value);
    }

    [Fact]
    public void Only_a_race_lost_to_another_node_is_run_again()
    {
        Assert.True(RawSql.IsConflict(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.True(RawSql.IsConflict(new InvalidOperationException("wrapped",
            new PostgresException("could not serialize", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure))));
        // Another node added the same order or customer and committed first: the next run finds it.
        Assert.True(RawSql.IsConflict(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(RawSql.IsConflict(new PostgresException("foreign key", "ERROR", "ERROR", PostgresErrorCodes.ForeignKeyViolation)));
        // SQLite has one writer: nothing it refuses would go differently a second time.
        Assert.False(RawSql.IsConflict(new SqliteException("constraint", 19)));
    }
}
