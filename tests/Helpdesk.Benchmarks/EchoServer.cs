using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Benchmarks;

/// <summary>What the helpdesk answers to SendMessage, less the storage: the baseline's reply has the same shape.</summary>
public sealed record EchoAck(
    long Id, long ConversationId, string? ClientMessageId, string Sender, string? AuthorName,
    string Body, DateTime CreatedAt, bool IsPrivate);

/// <summary>The baseline: SignalR and Kestrel doing the same round trip as the helpdesk, with no work behind it.</summary>
public sealed class EchoHub : Hub
{
    private static long _lastId;

    public EchoAck SendMessage(JsonElement message) => new(
        Interlocked.Increment(ref _lastId), 1,
        message.TryGetProperty("clientMessageId", out var id) ? id.GetString() : null,
        "customer", null,
        message.TryGetProperty("body", out var body) ? body.GetString() ?? "" : "",
        DateTime.UtcNow, false);
}

public static class EchoServer
{
    public const string HubPath = "/hubs/echo";

    /// <summary>
    /// Runs this same program as `echo-server` in its own process, so the baseline, like the helpdesk,
    /// is a separate server process competing with the load generator for the same cores.
    /// </summary>
    public static Task<ServerProcess> StartChildAsync(RunDirectory run, CancellationToken ct)
    {
        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(ServerProcess.DotnetHost);
        if (ServerProcess.DotnetHost == Environment.ProcessPath) start.ArgumentList.Add(typeof(EchoServer).Assembly.Location);
        else start.FileName = Environment.ProcessPath!;
        foreach (var arg in new[] { "echo-server", "--port", port.ToString(), "--parent-pid", Environment.ProcessId.ToString() })
            start.ArgumentList.Add(arg);
        // The helpdesk runs with server GC (the web SDK's default); the baseline must not differ in that.
        start.Environment["DOTNET_gcServer"] = "1";
        return ServerProcess.StartAsync("echo server", start, new Uri($"http://127.0.0.1:{port}"),
            Path.Combine(run.Path, "echo-server.log"), ct);
    }

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken ct)
    {
        if (options.Port == 0) throw new BenchmarkException("echo-server needs --port.");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);

        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok());
        app.MapHub<EchoHub>(HubPath);

        if (options.ParentPid is { } parent) _ = StopWhenGoneAsync(parent, app.Lifetime);
        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>A benchmark killed outright cannot kill its children; this one then stops by itself.</summary>
    private static async Task StopWhenGoneAsync(int pid, IHostApplicationLifetime lifetime)
    {
        while (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            if (!Directory.Exists($"/proc/{pid}"))
            {
                lifetime.StopApplication();
                return;
            }
            await Task.Delay(1000);
        }
    }
}
