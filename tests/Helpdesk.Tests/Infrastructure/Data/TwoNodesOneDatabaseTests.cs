using System.Net.Http.Json;

namespace Helpdesk.Tests.Infrastructure.Data;

/// <summary>
/// Two app instances on one database, each with its own write queue, as two nodes are: what one
/// writer at a time guaranteed must still hold when two write at once (on PostgreSQL, row locks).
/// </summary>
public sealed class TwoNodesOneDatabaseTests
{
    [Fact]
    public async Task One_shoppers_messages_taken_by_two_nodes_at_once_open_one_conversation_and_keep_every_message()
    {
        await using var a = new HelpdeskApp();
        await using var admin = await a.SignInAsync();
        var (_, key) = await a.CreateStorefrontChannelAsync(admin);
        await using var b = new HelpdeskApp(a.DataDirectory);
        // One shopper, two tabs, each connected to another node: the visitor token of one node works on the other.
        await using var tabOnA = await a.ShopperAsync(key, "Two Tabs");
        await using var tabOnB = new Shopper(b, tabOnA.Token, tabOnA.Session);
        await tabOnB.ConnectAsync();

        var conversations = new HashSet<long>();
        for (var round = 0; round < 8; round++)
        {
            // Both tabs write at the same moment into a conversation that does not exist yet.
            var sent = await Task.WhenAll(
                tabOnA.SendAsync($"round {round} from A"), tabOnB.SendAsync($"round {round} from B"),
                tabOnA.SendAsync($"round {round} again from A"), tabOnB.SendAsync($"round {round} again from B"));
            var conversation = Assert.Single(sent.Select(m => m.ConversationId).Distinct());
            Assert.True(conversations.Add(conversation));
            Assert.Equal(4, sent.Select(m => m.Id).Distinct().Count());
            (await admin.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "resolved" })).EnsureSuccessStatusCode();
        }

        var stored = await tabOnB.GetMessagesAsync();
        Assert.Equal(8 * 4, stored.Count(m => m.Sender == "customer"));
    }

    [Fact]
    public async Task The_same_order_delivered_to_two_nodes_at_once_is_recorded_once_and_both_deliveries_succeed()
    {
        const string secret = "storefront-secret-0123456789";
        await using var a = new HelpdeskApp();
        await using var admin = await a.SignInAsync();
        await a.CreateStorefrontChannelAsync(admin, secret);
        await using var b = new HelpdeskApp(a.DataDirectory);

        long customerId = 0;
        for (var n = 1; n <= 6; n++)
        {
            // A store that retries at once, or two webhooks of one order, each reaching another node.
            var order = new
            {
                externalId = $"R-{n}", number = $"R-{n}", customer = new { externalId = $"c-{n % 2}", email = $"repeat{n % 2}@example.no", name = "Rita" },
                placedAt = "2026-11-02T09:30:00Z", total = 10m, currency = "EUR", status = "paid",
                lines = new[] { new { name = "Socks", quantity = 1, price = 10m } },
            };
            var recorded = await Task.WhenAll(a.SubmitOrderAsync(secret, order), b.SubmitOrderAsync(secret, order));
            Assert.Single(recorded.Select(r => r.GetProperty("customerId").GetInt64()).Distinct());
            if (n % 2 == 1) customerId = recorded[0].GetProperty("customerId").GetInt64();
        }

        var customer = await admin.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/customers/{customerId}");
        Assert.Equal(3, customer.GetProperty("orderCount").GetInt32());
    }
}
