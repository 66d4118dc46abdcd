using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// The built helpdesk started as a shop owner starts it, on an empty data folder, reading its console:
/// what it says there must be clean and true.
/// </summary>
public sealed partial class FirstStartTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("helpdesk-first-start-").FullName;
    private readonly int _port = RedisServer.FreePort();

    [GeneratedRegex(@"Password:\s+(\S+)")]
    private static partial Regex PasswordLine();

    private ProcessStartInfo Start(params string[] args)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _data, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "src", "Helpdesk", "bin", configuration, "net10.0", "Helpdesk.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(root);
        start.ArgumentList.Add($"--DataDirectory={_data}");
        start.ArgumentList.Add("--Seed:Demo=false");
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    /// <summary>Runs the server until it has printed its notice and answered a sign-in, then stops it; returns what it printed.</summary>
    private async Task<string[]> RunServerAsync(Func<string[], Task> whileRunning, params string[] args)
    {
        var lines = new ConcurrentQueue<string>();
        using var process = Process.Start(Start(["--urls", $"http://127.0.0.1:{_port}", .. args]))!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            // The notice is the last thing a start prints, after the server listens.
            while (!lines.Any(l => l.StartsWith(" Inbox:", StringComparison.Ordinal)) || lines.Count(l => l.StartsWith("=====", StringComparison.Ordinal)) < 2)
            {
                if (process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("No start-up notice:\n" + string.Join('\n', lines));
                await Task.Delay(100);
            }
            await whileRunning([.. lines]);
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])) await kill.WaitForExitAsync();
            if (!process.WaitForExit(30_000)) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        return [.. lines];
    }

    private async Task<HttpStatusCode> SignInAsync(string password)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        return (await http.PostAsJsonAsync("/api/auth/login", new { email = "admin@example.com", password })).StatusCode;
    }

    [Fact]
    public async Task The_first_start_prints_no_warnings_then_the_addresses_and_the_admins_password_with_how_to_change_or_recover_it()
    {
        string? password = null;
        var output = await RunServerAsync(async lines =>
        {
            password = PasswordLine().Match(string.Join('\n', lines)).Groups[1].Value;
            // Signing in makes the first data-protection key, which is where a warning about storing it would appear.
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(password));
            await Task.Delay(500);
        });

        var text = string.Join('\n', output);
        Assert.DoesNotContain(output, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("stderr:", StringComparison.Ordinal));
        Assert.Contains($" Inbox:            http://127.0.0.1:{_port}/inbox/", output);
        Assert.DoesNotContain("Demo storefront", text); // no demo shop was seeded, so there is none to visit
        Assert.Equal(24, password!.Length);
        Assert.Contains("Profile", text);
        Assert.Contains("reset-admin-password", text);
        Assert.DoesNotContain("set Seed:AdminPassword", text);
        Assert.True(Array.FindIndex(output, l => l.Contains("Now listening on", StringComparison.Ordinal)) < Array.FindIndex(output, l => l.StartsWith(" Inbox:", StringComparison.Ordinal)));

        // Lost it: the command the console names gives a new one, and the old one stops working.
        var reset = Process.Start(Start("reset-admin-password"))!;
        var resetOutput = await reset.StandardOutput.ReadToEndAsync();
        await reset.WaitForExitAsync();
        Assert.Equal(0, reset.ExitCode);
        var newPassword = PasswordLine().Match(resetOutput).Groups[1].Value;
        Assert.NotEqual(password, newPassword);

        // Seed:AdminPassword on a database that has agents changes nothing, and the console says so.
        var again = await RunServerAsync(async _ =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(password));
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("a-password-from-config"));
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(newPassword));
        }, "--Seed:AdminPassword=a-password-from-config");
        Assert.Contains(again, l => l.Contains("Seed:AdminPassword is set but ignored", StringComparison.Ordinal));
        Assert.DoesNotContain(again, l => l.StartsWith(" Password:", StringComparison.Ordinal));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Helpdesk.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Helpdesk.sln not found above the test assembly.");
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
