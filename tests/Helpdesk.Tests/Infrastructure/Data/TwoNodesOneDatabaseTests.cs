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
}
