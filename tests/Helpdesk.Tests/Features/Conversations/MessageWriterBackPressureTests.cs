using System.Net;
using System.Net.Http.Json;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Tests.Features.Conversations;

public sealed class MessageWriterBackPressureTests
{
    [Fact]
    public async Task A_full_message_writer_tells_shoppers_and_agents_to_retry_and_keeps_everything_it_accepted()
    {
        await using var app = new HelpdeskApp(settings: new() { ["Writes:QueueCapacity"] = "2" });
        await using var admin = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => app.ShopperAsync(publicKey, $"Shopper {i}")));
        var conversationId = (await shoppers[0].SendAsync("Hello", "hello")).ConversationId;
        Task<HttpResponseMessage> Reply(int i) => admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = $"r{i}", body = $"reply {i}", isPrivate = false });

        // While the writer cannot commit, shoppers and an agent keep writing: what was accepted waits, the rest is refused at once.
        var sends = new List<Task<MessageDto>>();
        var replies = new List<Task<HttpResponseMessage>>();
        await using (await WriteLock.TakeAsync(app))
        {
            for (var i = 0; i < shoppers.Length && !(sends.Any(t => t.IsFaulted) && replies.Any(t => t.IsCompleted)); i++)
            {
                sends.Add(shoppers[i].SendAsync($"message {i}", $"m{i}"));
                replies.Add(Reply(i));
                await Task.Delay(100);
            }
            Assert.Contains(sends, t => !t.IsCompleted);
            Assert.Contains(replies, t => !t.IsCompleted);
        }

        await Task.WhenAll(sends.Select(t => t.ContinueWith(_ => { })));
        Assert.Contains(sends, t => t.IsFaulted);
        for (var i = 0; i < sends.Count; i++)
        {
            var stored = await shoppers[i].GetMessagesAsync();
            if (sends[i].IsCompletedSuccessfully)
            {
                Assert.Contains(stored, m => m.Id == sends[i].Result.Id && m.Body == $"message {i}");
                continue;
            }
            var refusal = Assert.IsType<HubException>(sends[i].Exception!.InnerException);
            Assert.Contains("retry", refusal.Message);
            Assert.DoesNotContain(stored, m => m.Body == $"message {i}");
            var again = await shoppers[i].SendAsync($"message {i}", $"m{i}");
            Assert.Contains(await shoppers[i].GetMessagesAsync(), m => m.Id == again.Id);
        }

        var answered = await Task.WhenAll(replies);
        Assert.Contains(answered, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        for (var i = 0; i < answered.Length; i++)
        {
            if (answered[i].StatusCode == HttpStatusCode.Created) continue;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answered[i].StatusCode);
            Assert.NotNull(answered[i].Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.Created, (await Reply(i)).StatusCode);
        }
        var bodies = (await shoppers[0].GetMessagesAsync()).Select(m => m.Body).ToList();
        Assert.All(Enumerable.Range(0, answered.Length), i => Assert.Single(bodies, $"reply {i}"));
        foreach (var shopper in shoppers) await shopper.DisposeAsync();
    }
}
