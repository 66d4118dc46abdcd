using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>The helpdesk as an operator gets it: published, then started from somewhere else.</summary>
public sealed class PublishTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpdesk-publish-").FullName;

    [Fact]
    public async Task The_first_publish_of_a_fresh_clone_runs_from_any_directory_and_keeps_its_data_out_of_the_app_folder()
    {
        var repo = RepositoryRoot();
        // A fresh clone has no wwwroot/lib yet: the build copies the SignalR client there. The project is built
        // where it is, but reads its web files from a copy without wwwroot/lib (the npm packages are shared, so no
        // download is needed).
        var clone = Directory.CreateDirectory(Path.Combine(_folder, "clone")).FullName;
        foreach (var file in new[] { "appsettings.json", "package.json", "package-lock.json" })
            File.Copy(Path.Combine(repo, file), Path.Combine(clone, file));
        CopyTree(Path.Combine(repo, "wwwroot"), Path.Combine(clone, "wwwroot"), skip: Path.Combine(repo, "wwwroot", "lib"));
        if (Directory.Exists(Path.Combine(repo, "node_modules")))
            Directory.CreateSymbolicLink(Path.Combine(clone, "node_modules"), Path.Combine(repo, "node_modules"));
        Assert.False(Directory.Exists(Path.Combine(clone, "wwwroot", "lib")));

        var app = Path.Combine(_folder, "app");
        var (code, output) = await RunAsync(TimeSpan.FromMinutes(4), Path.Combine(repo, "src", "Helpdesk"),
            "publish", ".", "-c", "Release", "-o", app, "--no-restore", "-nologo", "-v", "quiet", $"-p:RepoRoot={clone}/");
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(app, "wwwroot", "lib", "signalr", "signalr.min.js")), "wwwroot/lib is missing from the first publish");
        Assert.True(File.Exists(Path.Combine(app, "wwwroot", "lib", "chartjs", "chart.umd.min.js")), "Chart.js is missing from the first publish");

        // Started from an unrelated directory, with no data settings: data goes to the working directory.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = elsewhere,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(app, "Helpdesk.dll"), "--urls", $"http://127.0.0.1:{port}" },
        };
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataProtection__KeysDirectory"] = Path.Combine(elsewhere, "keys");
        start.Environment["Seed__AdminPassword"] = "publish-test-password";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.Until(async () =>
            {
                Assert.False(process.HasExited, $"The published app stopped:\n{log}");
                try { return (await http.GetAsync("/health")).StatusCode; }
                catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
            }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
            var inbox = await http.GetStringAsync("/inbox/");
            Assert.Contains("/lib/signalr/signalr.min.js", inbox);
            Assert.Contains("HubConnectionBuilder", await http.GetStringAsync("/lib/signalr/signalr.min.js"));
            Assert.Contains("window.Chart", await http.GetStringAsync("/lib/chartjs/chart.umd.min.js"));
            Assert.Contains("signalr.isolated.js", await http.GetStringAsync("/widget/widget.js"));
            Assert.StartsWith("(function () {", await http.GetStringAsync("/lib/signalr/signalr.isolated.js"));

            Assert.True(File.Exists(Path.Combine(elsewhere, "data", "helpdesk.db")), "the database is not under the working directory");
            Assert.False(Directory.Exists(Path.Combine(app, "data")), "the app wrote data into its own folder");

            // SIGTERM, as a container or systemd stops it: a graceful stop.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await process.WaitForExitAsync(stopped.Token);
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{log}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static string RepositoryRoot()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Helpdesk.sln"))) root = Path.GetDirectoryName(root)!;
        return root;
    }

    private static void CopyTree(string from, string to, string skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from).Where(d => d != skip))
            CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)), skip);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(TimeSpan timeout, string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet " + string.Join(' ', args) + " did not finish:\n" + await output);
        }
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
