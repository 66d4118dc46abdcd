using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Agents;

/// <summary>An admin resets an agent's password; an agent changes their own.</summary>
public sealed class PasswordTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> CreateSofieAsync(Agent admin)
    {
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie", email = "sofie@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string password) =>
        (await _app.Http().PostAsJsonAsync("/api/auth/login", new { email = "sofie@shop.example", password })).StatusCode;

    [Fact]
    public async Task Admin_resets_an_agents_password()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateSofieAsync(admin);

        var reset = await admin.Http.PostAsJsonAsync($"/api/agents/{id}/password", new { password = "a-new-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("a-long-password"));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("a-new-long-password"));
    }

    [Fact]
    public async Task Only_admins_reset_passwords_and_never_to_a_short_one()
    {
        var admin = await _app.SignInAsync();
        var id = await CreateSofieAsync(admin);
        var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");

        Assert.Equal(HttpStatusCode.Forbidden,
            (await sofie.Http.PostAsJsonAsync($"/api/agents/{admin.Id}/password", new { password = "taken-over-admin" })).StatusCode);
        var shortOne = await admin.Http.PostAsJsonAsync($"/api/agents/{id}/password", new { password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        Assert.True((await shortOne.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.Http.PostAsJsonAsync("/api/agents/999999/password", new { password = "a-new-long-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("a-long-password"));
    }

    [Fact]
    public async Task An_agent_changes_their_own_password_knowing_the_current_one()
    {
        var admin = await _app.SignInAsync();
        await CreateSofieAsync(admin);
        var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");

        var wrong = await sofie.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not-my-password", newPassword = "my-new-long-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currentPassword", out _));
        var tooShort = await sofie.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "a-long-password", newPassword = "short" });
        Assert.True((await tooShort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newPassword", out _));

        var changed = await sofie.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "a-long-password", newPassword = "my-new-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync("a-long-password"));
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync("my-new-long-password"));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _app.Http().PostAsJsonAsync("/api/auth/password", new { currentPassword = "x", newPassword = "my-new-long-password" })).StatusCode);
    }
}
