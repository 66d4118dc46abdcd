using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Agents;

public sealed class AgentPreferencesTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<(bool Sound, bool Desktop)> PreferencesAsync(Agent agent)
    {
        var body = await agent.Http.GetFromJsonAsync<JsonElement>("/api/auth/me/preferences");
        return (body.GetProperty("sound").GetBoolean(), body.GetProperty("desktop").GetBoolean());
    }

    private async Task<Agent> NewAgentAsync(Agent admin, string email)
    {
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie Jensen", email, password = "a-long-password", role = "agent", chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await _app.SignInAsync(email, "a-long-password");
    }

    [Fact]
    public async Task A_new_agent_hears_and_sees_notifications_until_they_switch_them_off()
    {
        var admin = await _app.SignInAsync();
        Assert.Equal((true, true), await PreferencesAsync(admin));

        var saved = await admin.Http.PutAsJsonAsync("/api/auth/me/preferences", new { sound = false, desktop = true });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var echoed = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(echoed.GetProperty("sound").GetBoolean());
        Assert.True(echoed.GetProperty("desktop").GetBoolean());

        // Kept on the server: another browser signed in as the same agent gets the same choice.
        var elsewhere = await _app.SignInAsync();
        Assert.Equal((false, true), await PreferencesAsync(elsewhere));
    }

    [Fact]
    public async Task Each_agent_has_their_own_preferences()
    {
        var admin = await _app.SignInAsync();
        var sofie = await NewAgentAsync(admin, "sofie@shop.example");

        Assert.Equal(HttpStatusCode.OK, (await sofie.Http.PutAsJsonAsync("/api/auth/me/preferences", new { sound = false, desktop = false })).StatusCode);

        Assert.Equal((false, false), await PreferencesAsync(sofie));
        Assert.Equal((true, true), await PreferencesAsync(admin));
    }

    [Theory]
    [InlineData("{\"sound\":true}", "desktop")]
    [InlineData("{\"desktop\":false}", "sound")]
    [InlineData("{\"sound\":null,\"desktop\":true}", "sound")]
    public async Task Preferences_missing_a_choice_are_refused_naming_it_and_change_nothing(string json, string field)
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PutAsync("/api/auth/me/preferences", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
        Assert.Equal((true, true), await PreferencesAsync(admin));
    }

    [Fact]
    public async Task A_choice_that_is_not_a_yes_or_no_is_refused()
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PutAsync("/api/auth/me/preferences",
            new StringContent("{\"sound\":\"loud\",\"desktop\":true}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((true, true), await PreferencesAsync(admin));
    }

    [Fact]
    public async Task Preferences_need_a_signed_in_agent()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().GetAsync("/api/auth/me/preferences")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _app.Http().PutAsJsonAsync("/api/auth/me/preferences", new { sound = false, desktop = false })).StatusCode);
    }
}
