using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Queue;

public sealed class TakeNextConversationTests
{
    [Fact]
    public async Task Agents_taking_next_in_parallel_never_get_the_same_conversation()
    {
        await using var app = new HelpdeskApp();
        var admin = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;
        for (var i = 0; i < 6; i++)
        {
            await using var shopper = await app.ShopperAsync(publicKey, $"Shopper {i}");
            await shopper.SendAsync("Hello");
        }
        var agents = new List<Agent>();
        for (var i = 0; i < 4; i++)
        {
            await admin.Http.PostAsJsonAsync("/api/agents",
                new { name = $"Agent {i}", email = $"agent{i}@shop.example", password = "a-long-password", role = "agent", chatCapacity = 5 });
            agents.Add(await app.SignInAsync($"agent{i}@shop.example", "a-long-password"));
        }

        var taken = await Task.WhenAll(agents.SelectMany(a => Enumerable.Range(0, 2).Select(async _ =>
        {
            var response = await a.Http.PostAsync("/api/queue/next", null);
            return response.StatusCode == HttpStatusCode.OK
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64()
                : (long?)null;
        })));

        var ids = taken.OfType<long>().ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.PostAsync("/api/queue/next", null)).StatusCode);
    }
}
