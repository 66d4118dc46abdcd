using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Helpdesk.Benchmarks;

/// <summary>
/// A server run as a child process on 127.0.0.1, its output in a log file. It is killed when disposed;
/// <see cref="KillAll"/> is the last resort when this process is ending without unwinding.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ServerProcess, byte> Running = new();

    public static void KillAll()
    {
        foreach (var server in Running.Keys) server.Kill();
    }

    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _logClosed;

    public string Name { get; }
    public Uri BaseUrl { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;

    private ServerProcess(string name, Process process, Uri baseUrl, string logPath)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    /// <summary>The dotnet host running this program, so children use the same runtime.</summary>
    public static string DotnetHost =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServerProcess> StartAsync(
        string name, ProcessStartInfo start, Uri baseUrl, string logPath, CancellationToken ct)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Pinning.Apply(start);
        // The URL is given on the command line; an inherited one must not compete with it.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(name, process, baseUrl, logPath);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        if (!process.Start()) throw new BenchmarkException($"Could not start {name}.");
        Running.TryAdd(server, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitHealthyAsync(ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_log)
            if (!_logClosed) _log.WriteLine(line);
    }

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the redirected output into the log
                throw new BenchmarkException(
                    $"{Name} exited with code {_process.ExitCode} before it was healthy. Its log ends:\n{Tail(40)}");
            }
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Busy starting (migrations, seeding).
            }
            await Task.Delay(200, ct);
        }
        throw new BenchmarkException($"{Name} did not answer GET /health with 200 within 90 s. Its log ends:\n{Tail(40)}");
    }

    /// <summary>
    /// CPU time the server has used so far (user and system, all threads). Per request, it tells what a request
    /// costs even when other work on the machine stretches the latencies.
    /// </summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident memory and private memory (clean + dirty pages no other process shares), in KB.</summary>
    public (long RssKb, long PrivateKb) ReadMemory()
    {
        long rss = 0, privateKb = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:")) rss = Kb(line);
        foreach (var line in File.ReadLines($"/proc/{Pid}/smaps_rollup"))
            if (line.StartsWith("Private_Clean:") || line.StartsWith("Private_Dirty:")) privateKb += Kb(line);
        return (rss, privateKb);

        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>Warnings are expected under load (slow requests); errors and crashes are what the report lists.</summary>
    public (int Count, List<string> First) LoggedErrors(int keep = 5)
    {
        var lines = ReadLog();
        var first = new List<string>();
        var count = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!(lines[i].StartsWith("fail:") || lines[i].StartsWith("crit:") || lines[i].StartsWith("Unhandled exception"))) continue;
            count++;
            if (first.Count < keep)
                first.Add(i + 1 < lines.Length ? $"{lines[i]} {lines[i + 1].Trim()}" : lines[i]);
        }
        return (count, first);
    }

    private string Tail(int lines) => string.Join('\n', ReadLog().TakeLast(lines));

    private string[] ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Ends the server as a crash would: Process.Kill is SIGKILL on Linux, so none of its shutdown code runs.
    /// Only this process is killed; the helpdesk runs inside it (dotnet Helpdesk.dll), with no child of its own.
    /// Returns the exit code, 137 (128 + SIGKILL) on Linux.
    /// </summary>
    public async Task<int> CrashAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { }
        }
        Running.TryRemove(this, out _);
        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }
}
