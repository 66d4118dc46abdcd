using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Agents;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_seeded_admin_signs_in_and_sees_who_they_are()
    {
        var admin = await _app.SignInAsync();
        var me = await admin.Http.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(HelpdeskApp.AdminEmail, me.GetProperty("email").GetString());

        await admin.Http.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Agent_apis_need_a_signed_in_agent()
    {
        var anonymous = _app.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/queue/next", null)).StatusCode);
    }

    [Fact]
    public async Task Only_admins_create_agents_and_the_new_agent_can_sign_in()
    {
        var admin = await _app.SignInAsync();
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie Jensen", email = "Sofie@Shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");
        var forbidden = await sofie.Http.PostAsJsonAsync("/api/agents",
            new { name = "Mallory", email = "m@shop.example", password = "a-long-password", role = "admin", chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await sofie.Http.GetAsync("/api/channels")).StatusCode);

        var duplicate = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie again", email = "sofie@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var invalid = await admin.Http.PostAsJsonAsync("/api/agents", new { name = "", email = "nope", password = "short", role = "boss" });
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.All(new[] { "name", "email", "password", "role" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
    }
}
