using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: Debian's binaries, a cluster made in a temporary
/// folder, started once on a free loopback port and stopped when the tests end. PostgreSQL refuses to
/// run as root, so under root it runs as the unprivileged user "nobody"; otherwise as whoever runs the
/// tests. Each app under test gets its own database, made from a template that holds the migrated schema.
/// </summary>
public static class PostgresServer
{
    /// <summary>Whether this run puts the integration suite on PostgreSQL (HELPDESK_TEST_DATABASE=Postgres).</summary>
    public static bool ForSuite { get; } =
        string.Equals(Environment.GetEnvironmentVariable("HELPDESK_TEST_DATABASE"), "Postgres", StringComparison.OrdinalIgnoreCase);

    private const string User = "helpdesk";
    private static readonly Lazy<Server> Instance = new(Start);

    /// <summary>The connection string of this data folder's own database, made on first use.</summary>
    public static string DatabaseFor(string dataDirectory)
    {
        var name = "t_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..24];
        var server = Instance.Value;
        using (var admin = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            admin.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", admin) { Parameters = { new() { Value = name } } };
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {Server.Template}", admin);
                try { create.ExecuteNonQuery(); }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { }
            }
        }
        return server.ConnectionString(name);
    }

    /// <summary>
    /// A connection string for a database of its own that starts empty (no schema): for an app that
    /// migrates it itself, as an operator's first start would.
    /// </summary>
    public static string EmptyDatabase()
    {
        var name = "e_" + Guid.NewGuid().ToString("N")[..24];
        var server = Instance.Value;
        using var admin = new NpgsqlConnection(server.ConnectionString("postgres"));
        admin.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        create.ExecuteNonQuery();
        return server.ConnectionString(name);
    }

    private sealed class Server(string folder, int port)
    {
        public const string Template = "helpdesk_template";

        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = User, Database = database,
            // Apps under test come and go by the hundred: idle connections close soon, so they never pile up.
            ConnectionIdleLifetime = 2, ConnectionPruningInterval = 1,
        }.ToString();

        public void Stop()
        {
            Run(PgBin("pg_ctl"), $"-D {Data} -m fast -w stop", check: false);
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }

        public string Data => Path.Combine(folder, "data");
    }

    private static Server Start()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-postgres-").FullName;
        var port = FreePort();
        var server = new Server(folder, port);
        if (Environment.UserName == "root") Run("chown", $"-R nobody {folder}");
        Run(PgBin("initdb"), $"-D {server.Data} -U {User} -A trust -E UTF8 --no-locale --no-sync");
        // The tests start and stop hundreds of apps; what a crash of this throwaway server could lose does not matter.
        Run(PgBin("pg_ctl"), $"-D {server.Data} -l {Path.Combine(folder, "server.log")} -w -t 60 start " +
            $"-o \"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off " +
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB\"");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();

        // One migrated database, copied for every app: migrating hundreds of databases would take minutes.
        using (var admin = new NpgsqlConnection(server.ConnectionString("postgres")))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {Server.Template}", admin);
            create.ExecuteNonQuery();
        }
        var options = new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql(server.ConnectionString(Server.Template)).Options;
        using (var db = new PostgresDbContext(options)) db.Database.Migrate();
        NpgsqlConnection.ClearAllPools();
        return server;
    }

    /// <summary>Debian's binaries of the newest PostgreSQL installed.</summary>
    private static string PgBin(string name)
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions.Select(v => Path.Combine(v, "bin", name)).Where(File.Exists)
            .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
            .FirstOrDefault();
        return bin ?? throw new InvalidOperationException(
            $"PostgreSQL's {name} was not found under /usr/lib/postgresql: install Debian's postgresql (test.sh does).");
    }

    private static void Run(string file, string arguments, bool check = true)
    {
        var asNobody = Environment.UserName == "root" && file != "chown";
        var start = new ProcessStartInfo(asNobody ? "runuser" : file, asNobody ? $"-u nobody -- {file} {arguments}" : arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp",
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}: {error}{output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
