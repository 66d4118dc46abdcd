using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The few statements Entity Framework cannot say, or not fast enough: the claims of take-next, the
/// outbox and the survey loop (UPDATE … RETURNING) and the message writer's prepared statements, all
/// run in a write-queue operation. They are written once, in the SQL that SQLite and PostgreSQL share
/// (PostgreSQL's tables and columns are named in lower case, see <see cref="PostgresDbContext"/>), and
/// this is the one place where the two differ:
/// <list type="bullet">
/// <item>parameters are written $p0, $p1, … in the order given; PostgreSQL numbers them $1, $2, …;</item>
/// <item>a clause only PostgreSQL needs is written as a comment, <c>/* postgres: … */</c>, which SQLite
/// ignores and PostgreSQL runs: the row locks that order several nodes' writers (SQLite has one writer
/// at a time, so there is nothing to lock or to skip).</item>
/// </list>
/// </summary>
public static partial class RawSql
{
    /// <summary>After a claim's row selection: rows another node is claiming are passed over instead of waited for.</summary>
    public const string SkipLocked = "/* postgres: FOR UPDATE SKIP LOCKED */";

    private static readonly ConcurrentDictionary<string, string> PostgresText = new();

    [GeneratedRegex(@"\$p(\d+)")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"/\* postgres: (.*?) \*/")]
    private static partial Regex PostgresOnly();

    /// <summary>A command for this statement, in the dialect of the connection's database.</summary>
    public static DbCommand Command(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = connection is NpgsqlConnection
            ? PostgresText.GetOrAdd(sql, s => Placeholder()
                .Replace(PostgresOnly().Replace(s, "$1"), m => "$" + (int.Parse(m.Groups[1].ValueSpan) + 1)))
            : sql;
        return command;
    }

    public static DbCommand Bind(this DbCommand command, params object?[] values)
    {
        command.Parameters.Clear();
        var named = command is not NpgsqlCommand;
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            if (named) p.ParameterName = "$p" + i;
            p.Value = values[i] switch
            {
                null => DBNull.Value,
                string text when !named => WithoutNul(text),
                var value => value,
            };
            command.Parameters.Add(p);
        }
        return command;
    }

    /// <summary>
    /// Until the context's transaction ends, every other transaction taking the same key waits: for a
    /// step that counts and then adds (a limit) which requests on several nodes must not interleave.
    /// PostgreSQL takes a transaction-scoped advisory lock; SQLite needs none, since it lets one
    /// transaction write at a time and refuses a write based on a read another commit has overtaken.
    /// </summary>
    public static async Task LockAsync(this HelpdeskDbContext db, string key, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", [key], ct);
    }

    /// <summary>
    /// Until the transaction ends, the conversation's row is this writer's: on PostgreSQL another node's
    /// change to it waits, so a read-decide-write step never overwrites what another node just wrote.
    /// SQLite's single writer needs nothing.
    /// </summary>
    public static async Task LockConversationAsync(this HelpdeskDbContext db, long id)
    {
        if (db.Database.IsNpgsql()) await db.ExecuteAsync("SELECT Id FROM Conversations WHERE Id = $p0 FOR UPDATE", id);
    }

    /// <summary>
    /// Whether a write lost a race with another node's, worth running again (PostgreSQL): chosen to break a
    /// deadlock, or it added what another node added and committed meanwhile (the same order, customer or
    /// webhook delivery), which its next run reads and finds.
    /// </summary>
    public static bool IsConflict(Exception e) => e switch
    {
        PostgresException
        {
            SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation,
        } => true,
        { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };

    /// <summary>Text as PostgreSQL can hold it: without the NUL character.</summary>
    public static string WithoutNul(string text) => text.Contains('\0') ? text.Replace("\0", "") : text;

    /// <summary>One statement in the context's transaction (a write-queue operation's), and the rows it returns.</summary>
    public static async Task<List<T>> QueryAsync<T>(this HelpdeskDbContext db, string sql, Func<DbDataReader, T> read, params object?[] values)
    {
        await using var command = db.Database.GetDbConnection().Command(sql);
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var reader = await command.Bind(values).ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>One statement in the context's transaction (a write-queue operation's).</summary>
    public static async Task<int> ExecuteAsync(this HelpdeskDbContext db, string sql, params object?[] values)
    {
        await using var command = db.Database.GetDbConnection().Command(sql);
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return await command.Bind(values).ExecuteNonQueryAsync();
    }
}
