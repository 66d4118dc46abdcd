using System.Diagnostics;
using System.Security.Cryptography;

namespace Helpdesk.Benchmarks;

/// <summary>The helpdesk under test, on a database of the run (SQLite or PostgreSQL): fresh, with or without the demo shop.</summary>
public static class HelpdeskProcess
{
    public const string StorefrontKey = "demo-storefront";
    public const string AdminEmail = "admin@example.com";

    public sealed record Started(ServerProcess Server, string AdminPassword);

    /// <summary>A published helpdesk: the one given with --app, or the repository's own, published now.</summary>
    public static async Task<string> ResolveAppAsync(BenchmarkOptions options, string? repo, RunDirectory run, CancellationToken ct)
    {
        if (options.App is { } app)
            return File.Exists(Path.Combine(app, "Helpdesk.dll")) ? app
                : throw new BenchmarkException($"--app {app} holds no Helpdesk.dll.");
        if (repo is null)
            throw new BenchmarkException("No Helpdesk.sln found upward from here: give --repo <root> or --app <published helpdesk>.");

        var output = Path.Combine(run.Path, "app");
        Report.Progress($"publishing src/Helpdesk (Release) to {output}");
        var publish = new ProcessStartInfo(ServerProcess.DotnetHost)
        {
            ArgumentList = { "publish", Path.Combine(repo, "src", "Helpdesk"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new BenchmarkException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        return output;
    }

    /// <summary>The folder the helpdesk reads its settings from.</summary>
    public static string ContentRoot(string app, string? repo) => repo ?? app;

    public static string NewPassword() => "Bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public static Task<Started> StartAsync(
        string app, string? repo, RunDirectory run, BenchDatabase database, IReadOnlyList<string> settings, CancellationToken ct) =>
        StartAsync(app, repo, run, database, demo: true, NewPassword(), settings, ct);

    /// <summary>
    /// The admin is seeded with <paramref name="adminPassword"/> only into a database without agents, so a
    /// restart on the same database must be given the password of the first start. <paramref name="settings"/>
    /// (Key=Value) come last, so they override the benchmark's own.
    /// </summary>
    public static async Task<Started> StartAsync(
        string app, string? repo, RunDirectory run, BenchDatabase database, bool demo, string adminPassword,
        IReadOnlyList<string> settings, CancellationToken ct, string node = "")
    {
        var port = ServerProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(ServerProcess.DotnetHost)
        {
            ArgumentList =
            {
                Path.Combine(app, "Helpdesk.dll"),
                "--contentRoot", ContentRoot(app, repo),
                "--urls", baseUrl.ToString().TrimEnd('/'),
                $"--Seed:AdminPassword={adminPassword}",
                $"--Seed:Demo={(demo ? "true" : "false")}",
                // The benchmark opens many sessions, signs many agents in and sends far faster than a person could,
                // all from one address.
                "--RateLimits:WidgetSessionsPerMinute=1000000",
                "--RateLimits:VisitorMessagesPerMinute=1000000",
                "--RateLimits:SignInsPerMinute=1000000",
                "--RateLimits:TypingPerMinute=1000000",
                "--RateLimits:HubCallsPerMinute=1000000",
                "--RateLimits:HubCallsPerAddressPerMinute=10000000",
                "--RateLimits:WebhooksPerMinute=10000000",
                "--RateLimits:PublicPerMinute=1000000",
                "--RateLimits:OffersPerAddress=1000000",
                "--Logging:LogLevel:Default=Warning",
            },
            WorkingDirectory = run.Path,
        };
        // The database first, then the caller's settings, which may override anything.
        foreach (var setting in database.AppSettings().Concat(settings)) start.ArgumentList.Add($"--{setting}");
        // Measured as deployed, whatever environment the benchmark itself was started in.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var log = Path.Combine(run.Path, $"helpdesk-{database.Name.ToLowerInvariant()}{node}.log");
        var server = await ServerProcess.StartAsync("helpdesk", start, baseUrl, log, ct);
        return new Started(server, adminPassword);
    }
}
