using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The few statements Entity Framework cannot say, or not fast enough: the claims of take-next, the
/// outbox and the survey loop (UPDATE … RETURNING) and the message writer's prepared statements, all
/// run in a write-queue operation. Parameters are $p0, $p1, … in the order given: the one place a
/// database that spells them otherwise changes.
/// </summary>
public static class RawSql
{
    public static DbCommand Bind(this DbCommand command, params object?[] values)
    {
        command.Parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = "$p" + i;
            p.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    /// <summary>One statement in the context's transaction (a write-queue operation's), and the rows it returns.</summary>
    public static async Task<List<T>> QueryAsync<T>(this HelpdeskDbContext db, string sql, Func<DbDataReader, T> read, params object?[] values)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        await using var reader = await command.Bind(values).ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>Statements in the context's transaction (a write-queue operation's).</summary>
    public static async Task<int> ExecuteAsync(this HelpdeskDbContext db, string sql, params object?[] values)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return await command.Bind(values).ExecuteNonQueryAsync();
    }
}
