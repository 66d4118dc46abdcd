using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Infrastructure.Nodes;

public static class HelpdeskNodes
{
    /// <summary>
    /// One node, or several sharing a Redis (<c>Redis:Configuration</c>): SignalR's backplane with this
    /// node's own delivery as its fallback, the shared state, the heartbeat and the "redis" health check.
    /// Rate limits stay per node.
    /// </summary>
    public static IServiceCollection AddHelpdeskNodes(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<NodeOptions>().Bind(config.GetSection(NodeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Nodes>();
        services.AddHostedService<NodeHeartbeat>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", failureStatus: HealthStatus.Degraded);

        if (!string.IsNullOrWhiteSpace(config[$"{NodeOptions.Section}:{nameof(NodeOptions.Configuration)}"]))
        {
            // The backplane shares the nodes' connection, so both see Redis go and return at the same moment.
            services.AddOptions<RedisOptions>().Configure<Nodes>((o, nodes) =>
                o.ConnectionFactory = _ => Task.FromResult(nodes.Connection!));
            // Registered after AddSignalR's in-memory manager, which it replaces.
            services.AddSingleton(typeof(HubLifetimeManager<>), typeof(NodeHubLifetimeManager<>));
        }
        return services;
    }
}
