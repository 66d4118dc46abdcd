using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Chat;

public sealed class DurabilityTests
{
    [Fact]
    public async Task A_restart_keeps_every_acknowledged_message()
    {
        var data = Directory.CreateTempSubdirectory("helpdesk-restart-").FullName;
        string publicKey, token;
        MessageDto[] acknowledged;
        await using (var app = new HelpdeskApp(data))
        {
            var admin = await app.SignInAsync();
            publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;
            var shoppers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => app.ShopperAsync(publicKey, $"Shopper {i}")));
            token = shoppers[0].Token;
            // Many concurrent senders, so that messages are committed together in groups.
            acknowledged = (await Task.WhenAll(shoppers.Select(async (s, i) =>
            {
                var mine = new List<MessageDto>();
                for (var n = 0; n < 10; n++) mine.Add(await s.SendAsync($"message {n} from shopper {i}"));
                return mine;
            }))).SelectMany(m => m).ToArray();
            foreach (var s in shoppers) await s.DisposeAsync();
        }

        await using (var restarted = new HelpdeskApp(data))
        {
            var admin = await restarted.SignInAsync();
            var conversations = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=all&limit=500");
            var stored = new Dictionary<long, string>();
            foreach (var c in conversations!)
            {
                var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{c.GetProperty("id").GetInt64()}");
                foreach (var m in detail.GetProperty("messages").EnumerateArray())
                    stored[m.GetProperty("id").GetInt64()] = m.GetProperty("body").GetString()!;
            }
            Assert.Equal(200, acknowledged.Length);
            Assert.All(acknowledged, m => Assert.Equal(m.Body, stored[m.Id]));

            // The visitor token survives the restart too: the same shopper continues.
            await using var back = await restarted.ShopperAsync(publicKey, visitorToken: token);
            Assert.Equal(10, (await back.GetMessagesAsync()).Length);
        }
    }
}
