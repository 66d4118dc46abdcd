using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// The built helpdesk (src/Helpdesk's Helpdesk.dll) as a process of its own, as an operator runs one
/// node: <c>dotnet Helpdesk.dll --urls …</c> with the repository as content root and the settings
/// given as command-line arguments. It can be killed (SIGKILL) and started again on the same port.
/// </summary>
public sealed class NodeProcess : IHelpdeskHost, IAsyncDisposable
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private readonly Dictionary<string, string?> _settings;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public string Name { get; }
    public int Port { get; } = RedisServer.FreePort();
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>The node's recent output, for a failing test's message.</summary>
    public string Log => string.Join('\n', _log.TakeLast(60));

    public NodeProcess(string name, Dictionary<string, string?> settings)
    {
        Name = name;
        _settings = new()
        {
            ["Seed:Demo"] = "false",
            ["Seed:AdminEmail"] = HelpdeskApp.AdminEmail,
            ["Seed:AdminPassword"] = HelpdeskApp.AdminPassword,
            ["RateLimits:WidgetSessionsPerMinute"] = "10000",
            ["RateLimits:VisitorMessagesPerMinute"] = "10000",
            ["RateLimits:SignInsPerMinute"] = "10000",
            ["RateLimits:HubCallsPerMinute"] = "10000",
            ["RateLimits:HubCallsPerAddressPerMinute"] = "100000",
            ["RateLimits:WebhooksPerMinute"] = "100000",
            ["RateLimits:PublicPerMinute"] = "10000",
            ["RateLimits:OffersPerAddress"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (k, v) in settings) _settings[k] = v;
    }

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the node and waits until it answers /health.</summary>
    public async Task StartAsync()
    {
        var dll = Path.Combine(RepositoryRoot, "src", "Helpdesk", "bin", Configuration(), "net10.0", "Helpdesk.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first: the node runs the built helpdesk.", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            // Not the repository: the node must find its files through its content root, as a deployed one does.
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Address.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(RepositoryRoot);
        foreach (var (key, value) in _settings) start.ArgumentList.Add($"--{key}={value}");
        start.Environment["DOTNET_gcServer"] = "0";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue($"[{Name}] {e.Data}"); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _log.Enqueue($"[{Name}!] {e.Data}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Node {Name} stopped at start:\n{Log}");
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Node {Name} did not answer /health within 60 s:\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>Kills the node at once (SIGKILL): no shutdown, no goodbye, as when its machine dies.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public HttpClient Http(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = Address };

    public async Task<Agent> SignInAsync(string email = HelpdeskApp.AdminEmail, string password = HelpdeskApp.AdminPassword)
    {
        var cookies = new CookieContainer();
        var http = Http(cookies);
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Agent(this, http, cookies, me.GetProperty("id").GetInt64(), me.GetProperty("name").GetString()!);
    }

    /// <summary>A shopper whose widget started its session on this node and is connected to its widget hub.</summary>
    public async Task<Shopper> ShopperAsync(object sessionRequest)
    {
        using var http = Http();
        var response = await http.PostAsJsonAsync("/api/widget/sessions", sessionRequest);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        var shopper = new Shopper(this, session.GetProperty("visitorToken").GetString()!, session);
        await shopper.ConnectAsync();
        return shopper;
    }

    public HubConnection Hub(string path, Action<HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                configure(o);
            })
            .Build();

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Debug or Release: whichever built these tests.</summary>
    private static string Configuration() => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Helpdesk.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Helpdesk.sln not found above the test assembly.");
    }
}
