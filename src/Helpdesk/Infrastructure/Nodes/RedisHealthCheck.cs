using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>Redis, when configured: without it every node still serves its own connections, so it is degraded, never unhealthy.</summary>
public sealed class RedisHealthCheck(Nodes nodes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!nodes.Shared) return HealthCheckResult.Healthy("Not configured: a single node.");
        if (nodes.Database is not { } db) return HealthCheckResult.Degraded("Unreachable: each node serves only its own connections.");
        try
        {
            var latency = await db.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("Not answering: each node serves only its own connections.", e);
        }
    }
}
