using Helpdesk.Infrastructure.Seeding;

namespace Helpdesk.Infrastructure.Data;

/// <summary>Before the server accepts requests: migrations applied, WAL on, admin and demo shop seeded.</summary>
public sealed class DatabaseStartup(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        await db.Database.MigrateAsync(ct);
        // WAL lets readers work while the writer commits; it is a property of the file, set once.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await scope.ServiceProvider.GetRequiredService<Seeder>().SeedAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
