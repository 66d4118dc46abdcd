using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// What whoever started the server needs to read, printed once it listens so that it is the last thing
/// on the console rather than lost above the start-up lines: where the inbox and the demo storefront
/// are, and, on the first start, the admin's password and how to change or recover it. Printed on the
/// console only (never logged): a password must not end up in a log collector.
/// </summary>
public sealed class StartupNotice(IServer server, IServiceScopeFactory scopes, IOptions<SeedOptions> seed, IHostApplicationLifetime lifetime)
    : IHostedService
{
    private readonly List<string> _notes = [];

    /// <summary>The first admin was just created; password is null when it came from Seed:AdminPassword.</summary>
    public void AdminCreated(string email, string? password)
    {
        _notes.Add($" Helpdesk admin:  {email}");
        _notes.Add(password is null ? " Password:        the one set in Seed:AdminPassword" : $" Password:        {password}");
        if (password is not null) _notes.Add(" (shown once: only its hash is stored)");
        _notes.Add(" Change it in the inbox: your name at the top → Profile.");
        RecoveryHint();
    }

    /// <summary>Seed:AdminPassword only ever sets the first admin's password; afterwards it would mislead.</summary>
    public void AdminPasswordIgnored()
    {
        _notes.Add(" Seed:AdminPassword is set but ignored: the database already has agents.");
        _notes.Add(" Change a password in the inbox (Profile, or Settings → Team), or reset the admin's:");
        RecoveryHint(lead: false);
    }

    private void RecoveryHint(bool lead = true)
    {
        if (lead) _notes.Add(" Lost it? With the same configuration, run:");
        _notes.Add($"   dotnet run --project src/Helpdesk -- {ResetAdminPassword.Command}");
        _notes.Add($"   (published: dotnet Helpdesk.dll {ResetAdminPassword.Command})");
    }

    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() => _ = PrintAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task PrintAsync()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var site = addresses.Select(Browsable).FirstOrDefault();
        bool demo;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var key = seed.Value.DemoPublicKey;
            demo = await db.Channels.AnyAsync(c => c.PublicKey == key);
        }
        Console.WriteLine(Format(site, demo, _notes));
        _notes.Clear();
    }

    /// <summary>The block as printed; <paramref name="site"/> is the server's first address, e.g. http://localhost:5080.</summary>
    public static string Format(string? site, bool demo, IReadOnlyList<string> notes)
    {
        var lines = new List<string> { "", "==============================================================" };
        if (site is not null)
        {
            lines.Add($" Inbox:            {site}/inbox/");
            if (demo) lines.Add($" Demo storefront:  {site}/demo/");
        }
        if (notes.Count > 0)
        {
            if (site is not null) lines.Add("");
            lines.AddRange(notes);
        }
        lines.Add("==============================================================");
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>A listening address as a browser takes it: http://+:8080 and http://0.0.0.0:8080 become http://localhost:8080.</summary>
    public static string Browsable(string address)
    {
        var uri = address.Replace("://+", "://localhost").Replace("://*", "://localhost")
            .Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost");
        return uri.TrimEnd('/');
    }
}
