using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// A throwaway redis-server (Debian's /usr/bin/redis-server, which ./test.sh installs) on a free
/// loopback port in a temp folder: no system service, no root, nothing kept on disk. It can be
/// stopped and started again on the same port, as an operator's Redis going away and returning.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly Lazy<RedisServer> SharedServer = new(() => new RedisServer());

    /// <summary>One server for the whole test run; a test that stops Redis starts its own.</summary>
    public static RedisServer Shared => SharedServer.Value;

    private readonly string _directory = Directory.CreateTempSubdirectory("helpdesk-redis-").FullName;
    private Process? _process;

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for the app's Redis:Configuration.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public RedisServer()
    {
        Port = FreePort();
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Start()
    {
        if (_process is { HasExited: false }) return;
        var start = new ProcessStartInfo("redis-server")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Answers())
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server stopped at start (exit code {_process.ExitCode}).");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("redis-server did not start within 10 seconds.");
            Thread.Sleep(20);
        }
    }

    /// <summary>Stops Redis at once (SIGKILL): whatever it held is gone, as after a crash.</summary>
    public void Stop()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        process.WaitForExit();
    }

    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Removed by the next clean-up of the temp folder.
        }
    }
}
