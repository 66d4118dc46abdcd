using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Queue;

/// <summary>Automatic chat offers cannot all be taken by throw-away sessions from one address.</summary>
public sealed class OfferNewChatTests
{
    [Fact]
    public async Task A_session_flood_from_one_address_does_not_fill_every_agents_capacity()
    {
        await using var app = new HelpdeskApp(settings: new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1", ["RateLimits:OffersPerAddress"] = "2",
        });
        var admin = await app.SignInAsync();
        await admin.ConnectAsync();
        var key = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;

        var flood = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            await using var throwaway = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "203.0.113.7");
            flood.Add((await throwaway.SendAsync($"spam {i}")).ConversationId);
            await admin.Changes.WaitForAsync(c => c.Id == flood[^1]);
        }
        await Task.Delay(300);

        var assigned = await Assigned(admin, flood);
        Assert.Equal(2, assigned.Count);

        // A real shopper from elsewhere is still offered to the agent, who has room left.
        await using var honest = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "198.51.100.20");
        var asked = (await honest.SendAsync("Do you ship to Norway?")).ConversationId;
        await admin.Changes.WaitForAsync(c => c.Id == asked && c.Assignee?.Id == admin.Id);

        // The flood waits in the queue, where agents see it and can take it themselves.
        var waiting = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open&assignee=unassigned");
        Assert.Equal(flood.Except(assigned).Order(), waiting!.Select(c => c.GetProperty("id").GetInt64()).Order());
        await admin.DisposeAsync();
    }

    private static async Task<List<long>> Assigned(Agent agent, IEnumerable<long> conversations)
    {
        var assigned = new List<long>();
        foreach (var id in conversations)
        {
            var detail = await agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
            if (detail.GetProperty("assignee").ValueKind != JsonValueKind.Null) assigned.Add(id);
        }
        return assigned;
    }
}
