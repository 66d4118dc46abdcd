using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// Ready from the moment the host has started (migrations applied and seeded before the server listens) until
/// shutdown begins: from then on a load balancer sends this node nothing new.
/// </summary>
public sealed class NodeLifecycleHealthCheck(IHostApplicationLifetime lifetime, GracefulShutdown shutdown) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(
            shutdown.Stopping ? HealthCheckResult.Unhealthy("The node is shutting down.")
            : !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("The node is starting.")
            : HealthCheckResult.Healthy());
}
