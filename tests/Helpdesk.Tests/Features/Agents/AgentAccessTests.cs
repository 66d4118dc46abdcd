using System.Net;
using System.Net.Http.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Agents;

/// <summary>A cookie and a live inbox connection are re-checked, so taking access away takes effect within a minute.</summary>
public sealed class AgentAccessTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HelpdeskApp _app;
    private Agent _admin = null!;

    public AgentAccessTests() => _app = new HelpdeskApp(time: _time);

    public async Task InitializeAsync() => _admin = await _app.SignInAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(long Id, Agent Session)> SofieAsync(string name = "Sofie")
    {
        var email = $"{name.ToLowerInvariant()}@shop.example";
        var created = await _admin.Http.PostAsJsonAsync("/api/agents",
            new { name, email, password = "a-long-password", role = "agent", chatCapacity = 3 });
        created.EnsureSuccessStatusCode();
        var session = await _app.SignInAsync(email, "a-long-password");
        return (session.Id, session);
    }

    private async Task<HttpStatusCode> MeAsync(Agent agent) => (await agent.Http.GetAsync("/api/auth/me")).StatusCode;

    private void AMinutePasses() => _time.Advance(TimeSpan.FromSeconds(61));

    /// <summary>What another node would do: the change reaches the database, not this node's connections.</summary>
    private async Task ChangedElsewhereAsync(string sql, long id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Data.HelpdeskDbContext>();
        await db.Database.ExecuteSqlRawAsync(sql, id);
    }

    private static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    [Fact]
    public async Task A_disabled_agents_cookie_stops_working_within_a_minute()
    {
        var (id, sofie) = await SofieAsync();
        Assert.Equal(HttpStatusCode.OK, await MeAsync(sofie));

        (await _admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = true })).EnsureSuccessStatusCode();
        AMinutePasses();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(sofie));
        Assert.Equal(HttpStatusCode.Unauthorized, (await sofie.Http.PostAsync("/api/queue/next", null)).StatusCode);

        // Coming back does not bring the old cookie back: it was rejected and removed.
        (await _admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = false })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(sofie));
    }

    [Fact]
    public async Task A_cookie_keeps_working_while_nothing_changed()
    {
        var (_, sofie) = await SofieAsync();
        for (var i = 0; i < 3; i++)
        {
            AMinutePasses();
            Assert.Equal(HttpStatusCode.OK, await MeAsync(sofie));
        }
    }

    [Fact]
    public async Task A_disabled_agents_live_inbox_connection_is_closed()
    {
        var (id, sofie) = await SofieAsync();
        var inbox = await sofie.ConnectAsync();
        var closed = Closed(inbox);

        (await _admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = true })).EnsureSuccessStatusCode();
        await closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, inbox.State);
    }

    [Fact]
    public async Task An_inbox_connection_of_an_agent_disabled_on_another_node_is_closed_within_a_minute()
    {
        var (id, sofie) = await SofieAsync();
        var inbox = await sofie.ConnectAsync();
        var closed = Closed(inbox);

        await ChangedElsewhereAsync("UPDATE Agents SET Disabled = TRUE, SecurityStamp = 'changed' WHERE Id = {0}", id);
        await Task.Delay(200);
        Assert.Equal(HubConnectionState.Connected, inbox.State);
        AMinutePasses();
        await closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_disabled_agent_is_not_offered_new_chats()
    {
        var (sofieId, sofie) = await SofieAsync("Sofie");
        var (annaId, anna) = await SofieAsync("Anna");
        await sofie.ConnectAsync();
        await anna.ConnectAsync();
        // Disabled on another node: this node still sees Sofie's connection until its next check.
        await ChangedElsewhereAsync("UPDATE Agents SET Disabled = TRUE WHERE Id = {0}", sofieId);

        var publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
        await using var shopper = await _app.ShopperAsync(publicKey);
        var chat = (await shopper.SendAsync("hello")).ConversationId;
        var offered = await anna.Changes.WaitForAsync(c => c.Id == chat && c.Assignee is not null);
        Assert.Equal(annaId, offered.Assignee!.Id);
    }

    [Fact]
    public async Task A_password_reset_ends_the_old_cookie()
    {
        var (id, sofie) = await SofieAsync();
        (await _admin.Http.PostAsJsonAsync($"/api/agents/{id}/password", new { password = "a-new-long-password" })).EnsureSuccessStatusCode();
        AMinutePasses();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(sofie));
    }

    [Fact]
    public async Task Changing_ones_own_password_keeps_this_session_and_ends_the_others()
    {
        var (_, here) = await SofieAsync();
        var elsewhere = await _app.SignInAsync("sofie@shop.example", "a-long-password");

        (await here.Http.PostAsJsonAsync("/api/auth/password",
            new { currentPassword = "a-long-password", newPassword = "my-new-long-password" })).EnsureSuccessStatusCode();
        AMinutePasses();
        Assert.Equal(HttpStatusCode.OK, await MeAsync(here));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(elsewhere));
    }

    [Fact]
    public async Task A_demoted_admins_cookie_stops_acting_as_admin()
    {
        (await _admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Second", email = "second@shop.example", password = "a-long-password", role = "admin", chatCapacity = 3 }))
            .EnsureSuccessStatusCode();
        var second = await _app.SignInAsync("second@shop.example", "a-long-password");
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/api/channels")).StatusCode);

        (await _admin.Http.PutAsJsonAsync($"/api/agents/{second.Id}", new { role = "agent" })).EnsureSuccessStatusCode();
        AMinutePasses();
        Assert.NotEqual(HttpStatusCode.OK, (await second.Http.GetAsync("/api/channels")).StatusCode);
    }
}
