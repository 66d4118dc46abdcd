using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// What a load balancer or orchestrator asks. <c>/health/live</c>: the process answers, nothing else is
/// consulted, so a database outage never gets every node restarted. <c>/health</c> and <c>/health/ready</c>: every
/// check (started and not stopping, the database, and whatever else is registered); 200 when healthy or degraded
/// (a node with Redis down still serves its own shoppers), 503 when unhealthy. The JSON names each check's status,
/// so an operator sees which one is degraded.
/// </summary>
public static class HealthEndpoints
{
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        var all = new HealthCheckOptions { ResponseWriter = WriteAsync };
        app.MapHealthChecks("/health", all);
        app.MapHealthChecks("/health/ready", all);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web);
    }
}
