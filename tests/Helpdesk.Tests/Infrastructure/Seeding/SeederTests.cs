using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Infrastructure.Seeding;

/// <summary>A production install starts empty and safe; a lost admin password can be reset from the server.</summary>
public sealed class SeederTests
{
    private static HelpdeskApp App(string environment, string? demo) =>
        new(settings: new() { ["environment"] = environment, ["Seed:Demo"] = demo });

    private static async Task<int> ChannelCountAsync(HelpdeskApp app)
    {
        var admin = await app.SignInAsync();
        return (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/channels"))!.Length;
    }

    [Fact]
    public async Task Production_seeds_no_demo_shop_unless_asked()
    {
        await using var app = App("Production", demo: null);
        Assert.Equal(0, await ChannelCountAsync(app));
        var admin = await app.SignInAsync();
        Assert.Single((await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/agents"))!);
    }

    [Fact]
    public async Task Production_seeds_the_demo_shop_when_asked()
    {
        await using var app = App("Production", demo: "true");
        Assert.NotEqual(0, await ChannelCountAsync(app));
    }

    [Fact]
    public async Task Development_seeds_the_demo_shop_by_default()
    {
        await using var app = App("Development", demo: null);
        Assert.NotEqual(0, await ChannelCountAsync(app));
    }

    [Fact]
    public async Task An_admin_password_shorter_than_any_agents_stops_the_start()
    {
        await using var app = new HelpdeskApp(settings: new() { ["Seed:AdminPassword"] = "short" });
        var e = Assert.ThrowsAny<Exception>(() => app.Address);
        Assert.Contains("AdminPassword", e.ToString());
    }

    [Fact]
    public async Task The_reset_switch_prints_a_new_admin_password_and_ends_old_sessions()
    {
        string directory;
        string[] database;
        CookieContainer cookies;
        await using (var first = new HelpdeskApp())
        {
            directory = first.DataDirectory;
            database = first.DatabaseArguments;
            cookies = new CookieContainer();
            (await first.Http(cookies).PostAsJsonAsync("/api/auth/login", new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword }))
                .EnsureSuccessStatusCode();
        }

        var output = await RunHelpdeskAsync("reset-admin-password", database[0], database[1],
            $"--Seed:AdminEmail={HelpdeskApp.AdminEmail}");
        var password = Regex.Match(output, @"Password:\s+(\S+)").Groups[1].Value;
        Assert.True(password.Length >= 10, output);

        await using var second = new HelpdeskApp(directory, time: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(2)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http(cookies).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http().PostAsJsonAsync("/api/auth/login",
            new { email = HelpdeskApp.AdminEmail, password = HelpdeskApp.AdminPassword })).StatusCode);
        await second.SignInAsync(HelpdeskApp.AdminEmail, password);
    }

    /// <summary>The built app, started as an operator would on the server, from the repository root.</summary>
    private static async Task<string> RunHelpdeskAsync(params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Helpdesk.sln"))) root = Path.GetDirectoryName(root)!;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Helpdesk.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The reset did not finish: " + await output);
        }
        Assert.True(process.ExitCode == 0, await output + await errors);
        return await output;
    }
}
