using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Helpdesk.Infrastructure.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddHelpdeskDatabase(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        var provider = config["Database:Provider"] ?? "Sqlite";
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            return services.AddPostgres(config);
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{provider}' is not known; use Sqlite or Postgres.");

        var connection = new SqliteConnectionStringBuilder(
            config.GetConnectionString("Helpdesk") ?? "Data Source=data/helpdesk.db");
        // A relative file is under the data directory (the repository root under dotnet run).
        if (!Path.IsPathRooted(connection.DataSource) && connection.DataSource != ":memory:")
            connection.DataSource = DataDirectory.From(config).Resolve(connection.DataSource);
        if (Path.GetDirectoryName(connection.DataSource) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        connection.Pooling = true;
        connection.DefaultTimeout = 30;

        services.AddDbContextPool<HelpdeskDbContext>(o => o
            .UseSqlite(connection.ToString())
            // A migration that drops a column rebuilds the table, with foreign keys off outside the
            // transaction as SQLite requires; EF does that correctly, and would warn at every fresh start.
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.NonTransactionalMigrationOperationWarning))
            .AddInterceptors(new SqlitePragmas()));
        return services;
    }

    /// <summary>
    /// PostgreSQL: the same context through <see cref="PostgresDbContext"/> (its own migrations), on a
    /// data source the app owns, so its connections close when the app stops.
    /// </summary>
    private static IServiceCollection AddPostgres(this IServiceCollection services, IConfiguration config)
    {
        var connection = config.GetConnectionString("Helpdesk")
            ?? throw new InvalidOperationException("Database:Provider Postgres needs ConnectionStrings:Helpdesk (an Npgsql connection string).");
        var source = new NpgsqlDataSourceBuilder(connection);
        // Statements run again and again (the message writer's, the queue's) are prepared on the server
        // after their second use, unless the connection string says otherwise.
        if (source.ConnectionStringBuilder.MaxAutoPrepare == 0) source.ConnectionStringBuilder.MaxAutoPrepare = 100;
        services.AddSingleton(_ => source.Build());
        services.AddDbContextPool<HelpdeskDbContext, PostgresDbContext>((p, o) => o
            .UseNpgsql(p.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }

    /// <summary>
    /// Each connection: synchronous=FULL so that a commit is on disk before anyone is told, and
    /// SQLite's own busy handler, which retries within a millisecond or two when another
    /// connection holds the write lock (the driver's own retry sleeps 150 ms at a time).
    /// EF Core turns foreign keys on itself.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA mmap_size=268435456;";
            command.ExecuteNonQuery();
        }
    }
}
