using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Hostile;

/// <summary>
/// A digest of every row of every table of the app's database, read on its own connection, so a
/// test can tell whether a refused request changed anything at all.
/// </summary>
public sealed class DatabaseFingerprint(DbConnection connection) : IAsyncDisposable
{
    public static async Task<DatabaseFingerprint> OpenAsync(HelpdeskApp app) => new(await app.OpenDatabaseAsync());

    public async Task<string> ReadAsync()
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = connection is Npgsql.NpgsqlConnection
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            // Every table's first column is its key.
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await select.ExecuteReaderAsync();
            hash.AppendData(Encoding.UTF8.GetBytes(table));
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes($"|{reader.GetValue(i)}"));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
