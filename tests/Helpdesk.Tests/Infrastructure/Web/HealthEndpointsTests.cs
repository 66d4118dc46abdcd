using System.Net;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Helpdesk.Tests.Infrastructure.Web;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task A_started_node_is_alive_and_ready_and_names_each_check()
    {
        await using var app = new HelpdeskApp();
        var ready = await app.Http().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ReportAsync(ready);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(report, "database"));
        Assert.Equal("Healthy", Check(report, "node"));

        var live = await app.Http().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Empty((await ReportAsync(live)).GetProperty("checks").EnumerateObject());
        Assert.Equal(HttpStatusCode.OK, (await app.Http().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_degraded_dependency_keeps_the_node_in_service_and_is_named()
    {
        await using var app = new HelpdeskApp(services: s => s.AddHealthChecks()
            .AddCheck("redis", () => HealthCheckResult.Degraded("Redis cannot be reached.")));
        foreach (var path in new[] { "/health", "/health/ready" })
        {
            var response = await app.Http().GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var report = await ReportAsync(response);
            Assert.Equal("Degraded", report.GetProperty("status").GetString());
            Assert.Equal("Degraded", Check(report, "redis"));
            Assert.Equal("Redis cannot be reached.", report.GetProperty("checks").GetProperty("redis").GetProperty("description").GetString());
            Assert.Equal("Healthy", Check(report, "database"));
        }
    }

    [Fact]
    public async Task An_unhealthy_check_takes_the_node_out_of_service_but_not_its_liveness()
    {
        await using var app = new HelpdeskApp(services: s => s.AddHealthChecks()
            .AddCheck("failing", () => HealthCheckResult.Unhealthy("Down for the test.")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Http().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Http().GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http().GetAsync("/health/live")).StatusCode);
    }

    private static async Task<JsonElement> ReportAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string? Check(JsonElement report, string name) =>
        report.GetProperty("checks").GetProperty(name).GetProperty("status").GetString();
}
