using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Conversations;

public sealed class ConversationCountsTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> CountsAsync(Agent agent) =>
        await agent.Http.GetFromJsonAsync<JsonElement>("/api/conversations/counts");

    private static void AssertCounts(JsonElement counts, int open, int pending, int snoozed, int mine, int unassigned)
    {
        Assert.Equal(open, counts.GetProperty("open").GetInt32());
        Assert.Equal(pending, counts.GetProperty("pending").GetInt32());
        Assert.Equal(snoozed, counts.GetProperty("snoozed").GetInt32());
        Assert.Equal(mine, counts.GetProperty("mine").GetInt32());
        Assert.Equal(unassigned, counts.GetProperty("unassigned").GetInt32());
    }

    [Fact]
    public async Task Counts_follow_the_queue_per_status_and_for_the_asking_agent()
    {
        var admin = await _app.SignInAsync();
        var (_, key) = await _app.CreateStorefrontChannelAsync(admin);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            await using var shopper = await _app.ShopperAsync(key, $"Shopper {i}");
            ids.Add((await shopper.SendAsync($"Where is my parcel {i}?")).ConversationId);
        }
        AssertCounts(await CountsAsync(admin), open: 5, pending: 0, snoozed: 0, mine: 0, unassigned: 5);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/conversations/{ids[0]}/assign", new { agentId = admin.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/conversations/{ids[1]}/assign", new { agentId = admin.Id })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/conversations/{ids[1]}/status", new { status = "pending" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/conversations/{ids[2]}/status",
            new { status = "snoozed", snoozedUntil = DateTime.UtcNow.AddHours(2) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PostAsJsonAsync($"/api/conversations/{ids[3]}/status", new { status = "resolved" })).StatusCode);

        // Mine and unassigned count the queue: the pending one assigned to the admin is not waiting on anyone.
        AssertCounts(await CountsAsync(admin), open: 2, pending: 1, snoozed: 1, mine: 1, unassigned: 1);

        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie Jensen", email = "sofie@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");
        AssertCounts(await CountsAsync(sofie), open: 2, pending: 1, snoozed: 1, mine: 0, unassigned: 1);
    }

    [Fact]
    public async Task Counts_need_a_signed_in_agent()
    {
        var response = await _app.Http().GetAsync("/api/conversations/counts");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
