using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Agents;

public sealed class UpdateAgentTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<long> CreateAgentAsync(Agent admin, string email, string role = "agent")
    {
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie Jensen", email, password = "a-long-password", role, chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<JsonElement> ListedAsync(Agent who, long id) =>
        (await who.Http.GetFromJsonAsync<JsonElement[]>("/api/agents"))!.Single(a => a.GetProperty("id").GetInt64() == id);

    [Fact]
    public async Task Admin_changes_an_agents_name_role_and_capacity()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateAgentAsync(admin, "sofie@shop.example");

        var response = await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { name = "Sofie J.", role = "admin", chatCapacity = 8 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var agent = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Sofie J.", agent.GetProperty("name").GetString());
        Assert.Equal("admin", agent.GetProperty("role").GetString());
        Assert.Equal(8, agent.GetProperty("chatCapacity").GetInt32());
        Assert.False(agent.GetProperty("disabled").GetBoolean());

        // What is left out stays as it was.
        var listed = await ListedAsync(admin, id);
        Assert.Equal("Sofie J.", listed.GetProperty("name").GetString());
        Assert.Equal(8, listed.GetProperty("chatCapacity").GetInt32());
    }

    [Fact]
    public async Task A_disabled_agent_cannot_sign_in_is_listed_as_disabled_and_can_come_back()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateAgentAsync(admin, "sofie@shop.example");

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = true })).StatusCode);
        Assert.True((await ListedAsync(admin, id)).GetProperty("disabled").GetBoolean());
        var refused = await _app.Http().PostAsJsonAsync("/api/auth/login", new { email = "sofie@shop.example", password = "a-long-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = false })).StatusCode);
        await _app.SignInAsync("sofie@shop.example", "a-long-password");
    }

    [Fact]
    public async Task Only_admins_change_agents()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateAgentAsync(admin, "sofie@shop.example");
        var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");

        Assert.Equal(HttpStatusCode.Forbidden, (await sofie.Http.PutAsJsonAsync($"/api/agents/{id}", new { role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sofie.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { disabled = true })).StatusCode);
        Assert.Equal("agent", (await ListedAsync(admin, id)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_last_active_admin_cannot_disable_or_demote_themselves()
    {
        var admin = await _app.SignInAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { role = "agent" })).StatusCode);
        var me = await ListedAsync(admin, admin.Id);
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.False(me.GetProperty("disabled").GetBoolean());

        // A disabled admin does not count as another admin.
        var other = await CreateAgentAsync(admin, "second@shop.example", role: "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{other}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { role = "agent" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{other}", new { disabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { role = "agent" })).StatusCode);
    }

    [Fact]
    public async Task Bad_values_are_refused_naming_the_field_and_change_nothing()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateAgentAsync(admin, "sofie@shop.example");

        var invalid = await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { name = " ", role = "boss", chatCapacity = 99 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(new[] { "name", "role", "chatCapacity" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.Equal("Sofie Jensen", (await ListedAsync(admin, id)).GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.PutAsJsonAsync("/api/agents/999999", new { name = "X" })).StatusCode);
    }
}
