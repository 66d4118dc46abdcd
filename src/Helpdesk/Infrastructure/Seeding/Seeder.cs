using Helpdesk.Features.Conversations;
using Helpdesk.Features.Agents;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// The first admin, and on an empty database a demo shop so a new install is alive at once. The demo
/// (made-up customers, a known widget key and Messenger token) is for trying the helpdesk out: by
/// default only in Development, which is what `dotnet run` starts.
/// </summary>
public sealed class Seeder(
    HelpdeskDbContext db, IPasswordHasher<Agent> hasher, IOptions<SeedOptions> options, IOptions<StoreOptions> store,
    ConversationLifecycle lifecycle, PriorityPolicy priority, ReportRecorder reports, TierPolicy tiers, TimeProvider time, IHostEnvironment environment,
    StartupNotice notice, ILogger<Seeder> log)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (await db.Agents.AnyAsync(ct))
        {
            if (!string.IsNullOrEmpty(o.AdminPassword)) notice.AdminPasswordIgnored();
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;

        var generated = string.IsNullOrEmpty(o.AdminPassword);
        var password = generated ? AgentPasswords.Generate() : o.AdminPassword!;
        notice.AdminCreated(o.AdminEmail.ToLowerInvariant(), generated ? password : null);
        var admin = new Agent { Name = "Admin", Email = o.AdminEmail.ToLowerInvariant(), Role = AgentRoles.Admin, CreatedAt = now };
        admin.SetPassword(hasher, password);
        db.Agents.Add(admin);
        await db.SaveChangesAsync(ct);

        if (o.Demo ?? environment.IsDevelopment())
        {
            // The report history is written with the statements the write queue uses, on an open connection.
            await db.Database.OpenConnectionAsync(ct);
            await DemoShop.SeedAsync(db, hasher, lifecycle, priority, reports, tiers, o, now, ct);
            await DemoSurveys.SeedAsync(db, lifecycle, reports, store.Value, now, ct);
            log.LogInformation("Seeded the demo shop; its storefront widget key is {PublicKey}", o.DemoPublicKey);
        }
    }

    /// <summary>Printed on the console only, never logged or stored in clear.</summary>
    public static void Announce(string email, string password, string note) => Console.WriteLine($"""

        ==============================================================
         Helpdesk admin:  {email}
         Password:        {password}
         ({note})
        ==============================================================

        """);
}
