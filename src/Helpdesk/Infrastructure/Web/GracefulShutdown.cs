using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// A node asked to stop (SIGTERM, Ctrl+C) hands its live connections to the other nodes without losing a message:
/// <list type="number">
/// <item>readiness answers 503 at once (<see cref="NodeLifecycleHealthCheck"/>), and new hub connections are
/// refused with 503, so the clients' retries land on another node;</item>
/// <item>SignalR closes every open hub connection as stopping begins; the widget and the inbox reconnect (through
/// the load balancer, to a node still up), fetch what they missed and resend every message not yet acknowledged
/// under its same clientMessageId, which the server stores once;</item>
/// <item>for <c>Shutdown:DrainSeconds</c> the node still answers, for load balancers that poll readiness before
/// they stop sending; then the server stops, and the outbox, the after-commit listeners and the write queue finish
/// (stopped in that order), all within <c>Shutdown:TimeoutSeconds</c>.</item>
/// </list>
/// </summary>
public sealed class GracefulShutdown(IOptions<ShutdownOptions> options, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    private volatile bool _stopping;

    /// <summary>
    /// From the stop signal on. SIGTERM raises ApplicationStopping first; a host stopped from code calls
    /// <see cref="StoppingAsync"/> first: either one counts.
    /// </summary>
    public bool Stopping => _stopping || lifetime.ApplicationStopping.IsCancellationRequested;

    public static void AddTo(IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ShutdownOptions>().Bind(config.GetSection(ShutdownOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        services.AddSingleton<GracefulShutdown>();
        services.AddHostedService(p => p.GetRequiredService<GracefulShutdown>());
    }

    /// <summary>Before the hubs: a node on its way out takes no new live connection.</summary>
    public static void RefuseNewHubConnections(WebApplication app)
    {
        var shutdown = app.Services.GetRequiredService<GracefulShutdown>();
        app.Use((context, next) =>
        {
            if (!shutdown.Stopping || !context.Request.Path.StartsWithSegments("/hubs")) return next(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
    }

    /// <summary>Runs before any service stops, the server included: it still answers, and readiness says 503.</summary>
    public Task StoppingAsync(CancellationToken ct)
    {
        _stopping = true;
        return options.Value.DrainSeconds > 0 ? Task.Delay(TimeSpan.FromSeconds(options.Value.DrainSeconds), ct) : Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
