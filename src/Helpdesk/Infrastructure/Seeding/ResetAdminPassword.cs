using Helpdesk.Features.Agents;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// `dotnet run --project src/Helpdesk -- reset-admin-password`: for whoever runs the server and has lost
/// the admin's password (or every admin was disabled). Needs no API and no sign-in, only the server's
/// shell and configuration: the admin of Seed:AdminEmail gets a new random password, printed once, is an
/// enabled admin again, and every earlier session of theirs ends. The app does not start serving.
/// </summary>
public static class ResetAdminPassword
{
    public const string Command = "reset-admin-password";

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        await db.Database.MigrateAsync(ct);
        var email = scope.ServiceProvider.GetRequiredService<IOptions<SeedOptions>>().Value.AdminEmail.ToLowerInvariant();

        var admin = await db.Agents.FirstOrDefaultAsync(a => a.Email == email, ct);
        if (admin is null)
        {
            admin = new Agent { Name = "Admin", Email = email, CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime };
            db.Agents.Add(admin);
        }
        admin.Role = AgentRoles.Admin;
        admin.Disabled = false;
        var password = AgentPasswords.Generate();
        admin.SetPassword(scope.ServiceProvider.GetRequiredService<IPasswordHasher<Agent>>(), password);
        await db.SaveChangesAsync(ct);
        Seeder.Announce(email, password, "the old password and sessions no longer work; change it in the inbox under Profile");
    }
}
