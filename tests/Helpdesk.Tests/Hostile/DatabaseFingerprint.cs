using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Helpdesk.Tests.Hostile;

/// <summary>
/// A digest of every row of every table of the app's SQLite file, read on its own connection, so a
/// test can tell whether a refused request changed anything at all.
/// </summary>
public sealed class DatabaseFingerprint(string dataDirectory) : IDisposable
{
    private readonly SqliteConnection _connection = Open(dataDirectory);

    private static SqliteConnection Open(string dataDirectory)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "helpdesk.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public string Read()
    {
        var tables = new List<string>();
        using (var list = _connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            using var select = _connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
            using var reader = select.ExecuteReader();
            hash.AppendData(Encoding.UTF8.GetBytes(table));
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    hash.AppendData(Encoding.UTF8.GetBytes($"|{reader.GetValue(i)}"));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public void Dispose() => _connection.Dispose();
}
