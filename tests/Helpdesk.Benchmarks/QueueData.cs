using System.Data.Common;
using System.Diagnostics;
using Bogus;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Helpdesk.Benchmarks;

/// <summary>
/// A large helpdesk written straight into a database the helpdesk has created and migrated: through the API,
/// a million conversations would take hours. The rows are what the helpdesk itself writes (its migrations give
/// the columns): times are TEXT 'yyyy-MM-dd HH:mm:ss.FFFFFFF' in UTC and decimals TEXT, which is how
/// Microsoft.Data.Sqlite binds DateTime and decimal parameters, as under EF Core. Every conversation holds one
/// customer message; customers carry their order history in brief only, without Orders rows, which neither
/// measured request reads. A fixed seed writes the same helpdesk on every run of the same size. On PostgreSQL
/// the same rows go in by binary COPY (timestamptz, numeric, boolean: the columns' own types), the identity
/// sequences are moved past them and the tables are vacuumed and analysed, as autovacuum would in time.
/// </summary>
public static class QueueData
{
    public sealed record Result(int Customers, int Conversations, int Open, int OpenStorefront, TimeSpan Elapsed, long FileBytes);

    private const int Seed = 20261123;
    private const int RowsPerTransaction = 100_000;
    private const long StorefrontId = 1, EmailId = 2;
    private static readonly TimeSpan History = TimeSpan.FromDays(365);
    /// <summary>The due time of a conversation with nothing waiting, after every waiting one (the helpdesk's own).</summary>
    private static readonly DateTime NotWaiting = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    private const float ChatShare = 0.6f;
    private static readonly string[] Tiers = ["new", "first-time", "returning", "vip"];
    private static readonly float[] TierShares = [0.35f, 0.30f, 0.25f, 0.10f];
    private static readonly string[] Statuses = ["resolved", "open", "pending"];
    private static readonly float[] StatusShares = [0.80f, 0.15f, 0.05f];
    private static readonly string[] Locales = ["en", "da", "de", "nb", "lv"];

    /// <summary>What shoppers write, as an email subject and its body; a chat's subject is "Chat", as the widget's is.</summary>
    private static readonly (string Subject, string Body)[] Questions =
    [
        ("Where is my order?", "Hi, my order #{0} hasn't arrived yet. Can you check where the {1} is?"),
        ("Change of size", "Can I still change the size of the {1} in order #{0}?"),
        ("Damaged on arrival", "The {1} from order #{0} arrived damaged. What should I do?"),
        ("Shipping to Norway", "Do you ship the {1} to Norway, and how long does it take?"),
        ("Return", "I'd like to return the {1} from order #{0}. How does that work?"),
        ("Back in stock?", "Will the {1} be back in stock soon? I'd like to order two."),
        ("Charged twice", "I was charged twice for order #{0} (the {1}). Please refund one of them."),
    ];

    public static Result Generate(BenchDatabase database, string contentRoot, int customers, int conversations, CancellationToken ct)
    {
        var elapsed = Stopwatch.StartNew();
        var targets = ResponseTargets(contentRoot);
        var f = new Faker("en") { Random = new Randomizer(Seed) };
        var now = DateTime.UtcNow;

        using var connection = database.Open(readOnly: false);
        // Nothing to recover: if the load fails the file is thrown away. The helpdesk turns WAL back on as it opens it.
        if (connection is SqliteConnection) Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        // Conversations that are not waiting were last handled by someone; the admin is the only agent yet.
        var adminId = Scalar(connection, "SELECT MIN(Id) FROM Agents");

        using (var channelRows = Rows.For(connection, "Channels", "Id", "Kind", "Name", "PublicKey", "SettingsJson", "CreatedAt"))
        {
            InTransactions(connection, 1, [channelRows], ct, _ =>
            {
                channelRows.Row(StorefrontId, "storefront", "Web shop", "pk_benchmark", "{}", now - 3 * History);
                channelRows.Row(EmailId, "email", "Support email", null, "{}", now - 3 * History);
            });
        }

        var customerTier = new byte[customers + 1];
        using (var customerRows = Rows.For(connection, "Customers",
                   "Id", "Name", "Email", "Locale", "CreatedAt", "Tier", "OrderCount", "LifetimeValue", "Currency", "LastOrderAt"))
        using (var identityRows = Rows.For(connection, "CustomerIdentities", "Id", "CustomerId", "Kind", "Value"))
        {
            InTransactions(connection, customers, [customerRows, identityRows], ct, i =>
            {
                long id = i + 1;
                var first = f.Name.FirstName();
                var last = f.Name.LastName();
                // The id after a dot, which no user name ends in, keeps every address unique.
                var email = f.Internet.Email(first, last, uniqueSuffix: $".{id}");
                var createdAt = now - History - f.Random.Double() * 2 * History;
                var tier = (byte)Array.IndexOf(Tiers, f.Random.WeightedRandom(Tiers, TierShares));
                // Order counts and values that make this tier under the helpdesk's default tier settings
                // (returning from 2 orders, VIP from 5 orders or more than 1,000 spent).
                var orders = tier switch { 0 => 0, 1 => 1, 2 => f.Random.Int(2, 4), _ => f.Random.Int(5, 25) };
                var value = tier switch
                {
                    0 => 0m,
                    1 => Money(f, 20, 300),
                    2 => Money(f, 40 * orders, 220 * orders),
                    _ => Money(f, 100 * orders, 400 * orders),
                };
                customerTier[id] = tier;
                customerRows.Row(id, $"{first} {last}", email, f.PickRandom(Locales), createdAt, Tiers[tier], orders, value,
                    orders > 0 ? "EUR" : null, orders > 0 ? createdAt + f.Random.Double() * (now - createdAt) : null);
                identityRows.Row(id, id, "email", email.ToLowerInvariant());
            });
        }
        Report.Progress($"queue data: {customers:N0} customers and their identities written ({elapsed.Elapsed.TotalSeconds:N1} s)");

        int open = 0, openStorefront = 0;
        using (var conversationRows = Rows.For(connection, "Conversations",
                   "Id", "ChannelId", "CustomerId", "Subject", "Status", "AssigneeId", "Tier", "DueAt", "PriorityOrderCount",
                   "PriorityValue", "WaitingSince", "CreatedAt", "LastMessageAt", "LastMessagePreview", "ResolvedAt",
                   "AgentReadUpToId", "CustomerReadUpToId", "CustomerVerified"))
        using (var messageRows = Rows.For(connection, "Messages",
                   "Id", "ConversationId", "ChannelId", "Sender", "Body", "IsPrivate", "CreatedAt"))
        {
            InTransactions(connection, conversations, [conversationRows, messageRows], ct, i =>
            {
                long id = i + 1;
                // Ids grow with time, as they do when the helpdesk writes them.
                var at = now - History + (i + f.Random.Double()) / conversations * History;
                var customerId = f.Random.Long(1, customers);
                var tier = customerTier[customerId];
                var storefront = f.Random.Bool(ChatShare);
                var status = f.Random.WeightedRandom(Statuses, StatusShares);
                var question = f.PickRandom(Questions);
                var body = string.Format(question.Body, f.Random.Int(1001, 99999), f.Commerce.ProductName());
                // An open conversation waits for an answer to its one message; the others wait for nothing.
                var waiting = status == "open";
                if (waiting)
                {
                    open++;
                    if (storefront) openStorefront++;
                }
                var dueAt = waiting ? at + targets[storefront ? 0 : 1, tier] : NotWaiting;
                conversationRows.Row(id, storefront ? StorefrontId : EmailId, customerId,
                    storefront ? "Chat" : question.Subject, status, waiting ? null : adminId, Tiers[tier], dueAt, 0,
                    0m, waiting ? at : null, at, at, body.Length <= 140 ? body : body[..140],
                    status == "resolved" ? Min(now, at + f.Random.Double() * TimeSpan.FromDays(2)) : null, 0L, 0L, true);
                messageRows.Row(id, id, storefront ? StorefrontId : EmailId, "customer", body, false, at);
            });
        }
        Report.Progress($"queue data: {conversations:N0} conversations and their messages written ({elapsed.Elapsed.TotalSeconds:N1} s in all)");
        if (connection is NpgsqlConnection)
        {
            // Rows written with their ids leave the identity columns' sequences behind; the helpdesk's next row takes the next id.
            foreach (var table in new[] { "Channels", "Customers", "CustomerIdentities", "Conversations", "Messages" })
                Execute(connection, $"SELECT setval(pg_get_serial_sequence('{table.ToLowerInvariant()}', 'id'), (SELECT MAX(Id) FROM {table}))");
            Execute(connection, "VACUUM (ANALYZE) Channels, Customers, CustomerIdentities, Conversations, Messages");
            Report.Progress($"queue data: sequences set, tables vacuumed and analysed ({elapsed.Elapsed.TotalSeconds:N1} s in all)");
        }
        connection.Close();
        return new Result(customers, conversations, open, openStorefront, elapsed.Elapsed, database.SizeBytes());
    }

    /// <summary>
    /// Response targets from the settings the helpdesk reads, so that due times are the ones it would have set:
    /// [0, tier] for live chat, [1, tier] for email, tiers in the order of <see cref="Tiers"/>.
    /// </summary>
    private static TimeSpan[,] ResponseTargets(string contentRoot)
    {
        var config = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Production.json", optional: true)
            .Build();
        string[] modes = ["Chat", "Async"], tiers = ["New", "FirstTime", "Returning", "Vip"];
        var targets = new TimeSpan[2, 4];
        for (var m = 0; m < 2; m++)
        for (var t = 0; t < 4; t++)
        {
            var key = $"Priority:{modes[m]}:{tiers[t]}";
            targets[m, t] = TimeSpan.FromMinutes(config.GetValue<int?>(key)
                ?? throw new BenchmarkException($"{key} is not set in {contentRoot}/appsettings.json."));
        }
        return targets;
    }

    private static decimal Money(Faker f, decimal min, decimal max) => Math.Round(f.Random.Decimal(min, max), 2);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>
    /// Rows in transactions of <see cref="RowsPerTransaction"/>; each table's rows of a transaction are written
    /// in the order the tables are given, so a row's foreign keys are already there.
    /// </summary>
    internal static void InTransactions(
        DbConnection connection, int rows, Rows[] tables, CancellationToken ct, Action<int> writeRow)
    {
        for (var from = 0; from < rows; from += RowsPerTransaction)
        {
            ct.ThrowIfCancellationRequested();
            using var transaction = connection.BeginTransaction();
            foreach (var table in tables) table.Begin(transaction);
            for (var i = from; i < Math.Min(rows, from + RowsPerTransaction); i++) writeRow(i);
            foreach (var table in tables) table.Flush();
            transaction.Commit();
        }
    }

    internal static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as long? ?? throw new BenchmarkException($"No result from: {sql}");
    }

    /// <summary>Rows of one table: a prepared INSERT per row on SQLite, a binary COPY per transaction on PostgreSQL.</summary>
    internal abstract class Rows : IDisposable
    {
        public static Rows For(DbConnection connection, string table, params string[] columns) => connection switch
        {
            SqliteConnection sqlite => new SqliteRows(sqlite, table, columns),
            NpgsqlConnection postgres => new PostgresRows(postgres, table, columns),
            _ => throw new ArgumentException($"No bulk writer for {connection.GetType().Name}."),
        };

        public abstract void Begin(DbTransaction transaction);
        public abstract void Row(params object?[] values);
        public abstract void Flush();
        public virtual void Dispose() { }
    }

    /// <summary>One prepared INSERT, its parameters set anew for every row.</summary>
    private sealed class SqliteRows : Rows
    {
        private readonly SqliteCommand _command;

        public SqliteRows(SqliteConnection connection, string table, string[] columns)
        {
            _command = connection.CreateCommand();
            _command.CommandText =
                $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
            foreach (var column in columns) _command.Parameters.Add(new SqliteParameter { ParameterName = "$" + column });
        }

        public override void Begin(DbTransaction transaction)
        {
            _command.Transaction = (SqliteTransaction)transaction;
            _command.Prepare();
        }

        public override void Row(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            _command.ExecuteNonQuery();
        }

        public override void Flush() { }

        public override void Dispose() => _command.Dispose();
    }

    /// <summary>The transaction's rows kept until its end, then sent in one binary COPY (PostgreSQL's quickest load).</summary>
    private sealed class PostgresRows(NpgsqlConnection connection, string table, string[] columns) : Rows
    {
        private readonly List<object?[]> _rows = [];

        public override void Begin(DbTransaction transaction) => _rows.Clear();

        public override void Row(params object?[] values) => _rows.Add(values);

        public override void Flush()
        {
            using var copy = connection.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in _rows)
            {
                copy.StartRow();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null: copy.WriteNull(); break;
                        case long v: copy.Write(v, NpgsqlDbType.Bigint); break;
                        case int v: copy.Write(v, NpgsqlDbType.Integer); break;
                        case string v: copy.Write(v, NpgsqlDbType.Text); break;
                        case bool v: copy.Write(v, NpgsqlDbType.Boolean); break;
                        case decimal v: copy.Write(v, NpgsqlDbType.Numeric); break;
                        case double v: copy.Write(v, NpgsqlDbType.Double); break;
                        case DateTime v: copy.Write(v, NpgsqlDbType.TimestampTz); break;
                        default: throw new ArgumentException($"No PostgreSQL type for {value.GetType().Name} in {table}.");
                    }
                }
            }
            copy.Complete();
            _rows.Clear();
        }
    }
}
