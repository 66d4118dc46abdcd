using System.Xml.Linq;
using Helpdesk.Infrastructure.Seeding;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// Before the server accepts requests: migrations applied, WAL on (SQLite), the key ring of an older
/// install moved into the database, admin and demo shop seeded. Nodes starting together on one
/// PostgreSQL take turns (Entity Framework locks the migrations; an advisory lock the rest).
/// </summary>
public sealed class DatabaseStartup(IServiceScopeFactory scopes, IConfiguration config, DataDirectory data, ILogger<DatabaseStartup> log)
    : IHostedService
{
    /// <summary>Any number that no other application on the same PostgreSQL uses for an advisory lock.</summary>
    private const long StartupLock = 0x48656c70_6465736b; // "Helpdesk"

    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var postgres = db.Database.IsNpgsql();
        // PostgreSQL: a first start would otherwise log a failed read of the not yet existing history as an error.
        if (postgres) await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>(db).CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (postgres)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [StartupLock], ct);
        }
        else
        {
            // WAL lets readers work while the writer commits; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        try
        {
            await ImportKeyFolderAsync(db, ct);
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(ct);
        }
        finally
        {
            if (postgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [StartupLock], CancellationToken.None);
        }
    }

    /// <summary>
    /// An install from before the key ring lived in the database kept it in a folder: its keys are
    /// copied in once, so the cookies and visitor tokens they protect stay valid.
    /// </summary>
    private async Task ImportKeyFolderAsync(HelpdeskDbContext db, CancellationToken ct)
    {
        var folder = data.Resolve(config["DataProtection:KeysDirectory"] ?? "data/keys");
        if (!Directory.Exists(folder) || await db.DataProtectionKeys.AnyAsync(ct)) return;
        var files = Directory.GetFiles(folder, "key-*.xml");
        foreach (var file in files)
        {
            var xml = XElement.Load(file).ToString(SaveOptions.DisableFormatting);
            db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = Path.GetFileNameWithoutExtension(file), Xml = xml });
        }
        if (files.Length == 0) return;
        await db.SaveChangesAsync(ct);
        log.LogInformation("Moved {Count} data-protection keys from {Folder} into the database", files.Length, folder);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
