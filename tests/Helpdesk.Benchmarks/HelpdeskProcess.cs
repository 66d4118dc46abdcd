using System.Diagnostics;
using System.Security.Cryptography;

namespace Helpdesk.Benchmarks;

/// <summary>The helpdesk under test, on a fresh database in the run's own folder, with the demo shop seeded.</summary>
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

    public static async Task<Started> StartAsync(string app, string? repo, RunDirectory run, CancellationToken ct)
    {
        var port = ServerProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var password = "Bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var start = new ProcessStartInfo(ServerProcess.DotnetHost)
        {
            ArgumentList =
            {
                Path.Combine(app, "Helpdesk.dll"),
                "--contentRoot", repo ?? app,
                "--urls", baseUrl.ToString().TrimEnd('/'),
                $"--ConnectionStrings:Helpdesk=Data Source={Path.Combine(run.Path, "helpdesk.db")}",
                $"--DataProtection:KeysDirectory={Path.Combine(run.Path, "keys")}",
                $"--Seed:AdminPassword={password}",
                "--Seed:Demo=true",
                // The benchmark opens many sessions and sends far faster than a person could, all from one address.
                "--RateLimits:WidgetSessionsPerMinute=1000000",
                "--RateLimits:VisitorMessagesPerMinute=1000000",
                "--Logging:LogLevel:Default=Warning",
            },
            WorkingDirectory = run.Path,
        };
        // Measured as deployed, whatever environment the benchmark itself was started in.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = await ServerProcess.StartAsync("helpdesk", start, baseUrl, Path.Combine(run.Path, "helpdesk.log"), ct);
        return new Started(server, password);
    }
}
