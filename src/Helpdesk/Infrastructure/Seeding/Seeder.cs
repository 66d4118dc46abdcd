using System.Security.Cryptography;
using Helpdesk.Features.Agents;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>The first admin, and on an empty database a demo shop so a new install is alive at once.</summary>
public sealed class Seeder(
    HelpdeskDbContext db, IPasswordHasher<Agent> hasher, IOptions<SeedOptions> options, IOptions<StoreOptions> store,
    PriorityPolicy priority, TierPolicy tiers, TimeProvider time, ILogger<Seeder> log)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Agents.AnyAsync(ct)) return;
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;

        var password = o.AdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y');
            // Printed once, on the console only: it is not stored anywhere in clear.
            Console.WriteLine($"""

                ==============================================================
                 Helpdesk admin:  {o.AdminEmail}
                 Password:        {password}
                 (shown once; set Seed:AdminPassword to choose your own)
                ==============================================================

                """);
        }
        var admin = new Agent { Name = "Admin", Email = o.AdminEmail.ToLowerInvariant(), Role = AgentRoles.Admin, CreatedAt = now };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Agents.Add(admin);
        await db.SaveChangesAsync(ct);

        if (o.Demo)
        {
            await DemoShop.SeedAsync(db, hasher, priority, tiers, o, now, ct);
            await DemoSurveys.SeedAsync(db, store.Value, now, ct);
            log.LogInformation("Seeded the demo shop; its storefront widget key is {PublicKey}", o.DemoPublicKey);
        }
    }
}
