using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Infrastructure.Data;

public sealed class DatabaseHealthCheck(HelpdeskDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
