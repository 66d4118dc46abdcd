using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Helpdesk.Benchmarks;

/// <summary>
/// The database a helpdesk under test runs on: a SQLite file in the run's folder, or a throwaway PostgreSQL
/// server of its own in the run's folder. Scenarios that read or write the data directly open it here.
/// </summary>
public abstract class BenchDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite", Postgres = "postgres";

    /// <summary>As the summaries print it.</summary>
    public abstract string Name { get; }

    /// <summary>The helpdesk's settings (Key=Value) that put it on this database.</summary>
    public abstract IEnumerable<string> AppSettings();

    /// <summary>An open connection beside the helpdesk's, for reading (and, before it starts, writing) the data.</summary>
    public abstract DbConnection Open(bool readOnly = true);

    /// <summary>How much room the data takes: the file, or the database on the server.</summary>
    public abstract long SizeBytes();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static async Task<BenchDatabase> CreateAsync(string kind, RunDirectory run, string name, CancellationToken ct) =>
        kind == Postgres ? await PostgresDatabase.StartAsync(run, name, ct) : new SqliteDatabase(Path.Combine(run.Path, name + ".db"));
}

public sealed class SqliteDatabase(string path) : BenchDatabase
{
    public string FilePath { get; } = path;

    public override string Name => "SQLite";

    public override IEnumerable<string> AppSettings() => ["Database:Provider=Sqlite", $"ConnectionStrings:Helpdesk=Data Source={FilePath}"];

    public override DbConnection Open(bool readOnly = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = FilePath, Pooling = false, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
        }.ToString());
        connection.Open();
        return connection;
    }

    public override long SizeBytes() => new FileInfo(FilePath).Length;
}

/// <summary>
/// A PostgreSQL server of the run's own, from Debian's binaries, in a folder of the run: PostgreSQL's durable
/// defaults (fsync, synchronous_commit and full_page_writes on), shared_buffers of 1 GB, listening on
/// 127.0.0.1 only. PostgreSQL refuses to run as root, so under root it runs as "nobody". With --pin it runs
/// on the server's core beside the helpdesk, so that the server side (app and database) has one core, as the
/// helpdesk on SQLite does. Stopped (fast) when disposed.
/// </summary>
public sealed class PostgresDatabase : BenchDatabase
{
    private const string User = "helpdesk", Database = "helpdesk";
    private readonly string _folder;
    private readonly int _port;
    private bool _stopped;

    private PostgresDatabase(string folder, int port)
    {
        _folder = folder;
        _port = port;
    }

    public override string Name => "PostgreSQL";

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = _port, Username = User, Database = Database,
    }.ToString();

    public string LogPath => Path.Combine(_folder, "server.log");

    public override IEnumerable<string> AppSettings() => ["Database:Provider=Postgres", $"ConnectionStrings:Helpdesk={ConnectionString}"];

    public override DbConnection Open(bool readOnly = true)
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Command Timeout=600");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// CPU time of the server's processes so far (user and system): the postmaster, what it has reaped, and its
    /// living children (the helpdesk's pooled connections, the writers, the checkpointer).
    /// </summary>
    public TimeSpan CpuTime()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First());
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; } // ended since the listing
            // Fields after the command (which may hold spaces) in parentheses: state, ppid, … utime (14), stime, cutime, cstime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1]);
            if (pid == postmaster)
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            else if (parent == postmaster)
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ, which /proc/PID/stat counts in: 100 on Linux.</summary>
    private const int ClockTicksPerSecond = 100;

    public override long SizeBytes()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", (NpgsqlConnection)connection);
        return (long)command.ExecuteScalar()!;
    }

    public static async Task<PostgresDatabase> StartAsync(RunDirectory run, string name, CancellationToken ct)
    {
        var folder = Path.Combine(run.Path, name);
        Directory.CreateDirectory(folder);
        var server = new PostgresDatabase(folder, ServerProcess.FreePort());
        var data = Path.Combine(folder, "data");
        Report.Progress($"postgres: initdb and start in {folder}");
        if (Environment.UserName == "root")
        {
            // The run's folder is root's (0700); nobody needs to reach its own folder inside it.
            await RunAsync("chmod", ["a+x", run.Path], pin: false, ct);
            await RunAsync("chown", ["-R", "nobody", folder], pin: false, ct);
        }
        await RunAsync(PgBin("initdb"), ["-D", data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-locale"], pin: false, ct);
        var settings = $"-p {server._port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=1GB";
        await RunAsync(PgBin("pg_ctl"), ["-D", data, "-l", server.LogPath, "-w", "-t", "60", "start", "-o", settings], pin: true, ct);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop("immediate");
        try
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ToString());
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
            await create.ExecuteNonQueryAsync(ct);
            await using var show = new NpgsqlCommand("SELECT current_setting('fsync') || ', synchronous_commit ' || current_setting('synchronous_commit') || ', shared_buffers ' || current_setting('shared_buffers') || ', ' || version()", admin);
            Report.Progress($"postgres: fsync {await show.ExecuteScalarAsync(ct)}");
        }
        catch
        {
            server.Stop("immediate");
            throw;
        }
        return server;
    }

    private void Stop(string mode)
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            RunAsync(PgBin("pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", mode, "-w", "stop"], pin: false, CancellationToken.None, check: false)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Nothing left to stop.
        }
    }

    public override ValueTask DisposeAsync()
    {
        Stop("fast");
        return ValueTask.CompletedTask;
    }

    /// <summary>Debian's binaries of the newest PostgreSQL installed.</summary>
    private static string PgBin(string name)
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions
            .OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
            .Select(v => Path.Combine(v, "bin", name)).FirstOrDefault(File.Exists)
            ?? throw new BenchmarkException($"PostgreSQL's {name} was not found under /usr/lib/postgresql: install Debian's postgresql.");
    }

    /// <summary>As "nobody" under root; the server itself (pg_ctl start) on the server's core when pinning.</summary>
    private static async Task RunAsync(string file, string[] arguments, bool pin, CancellationToken ct, bool check = true)
    {
        var command = new List<string>();
        if (pin && Pinning.Enabled) command.AddRange(["taskset", "-c", Pinning.ServerCore.ToString()]);
        if (Environment.UserName == "root" && file is not ("chown" or "chmod")) command.AddRange(["runuser", "-u", "nobody", "--"]);
        command.Add(file);
        command.AddRange(arguments);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp",
        };
        foreach (var argument in command.Skip(1)) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (check && process.ExitCode != 0)
            throw new BenchmarkException($"{string.Join(' ', command)} exited with {process.ExitCode}: {error}{await output}");
    }
}
