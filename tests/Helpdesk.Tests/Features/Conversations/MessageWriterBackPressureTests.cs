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
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => app.ShopperAsync(publicKey, $"Shopper {i}")));
        var conversationId = (await shoppers[0].SendAsync("Hello", "hello")).ConversationId;

        Task<MessageDto>[] sends;
        HttpResponseMessage reply;
        await using (await WriteLock.TakeAsync(app))
        {
            sends = shoppers.Select((s, i) => s.SendAsync($"message {i}", $"m{i}")).ToArray();
            // A refusal comes at once, while what was accepted waits for the lock.
            await Eventually.Until(() => Task.FromResult(sends.Count(t => t.IsFaulted)), n => n > 0, TimeSpan.FromSeconds(5));
            Assert.Contains(sends, t => !t.IsCompleted);
            reply = await admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
                new { clientMessageId = "r1", body = "Hi, how can I help?", isPrivate = false });
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.StatusCode);
        Assert.NotNull(reply.Headers.RetryAfter?.Delta);
        await Task.WhenAll(sends.Select(t => t.ContinueWith(_ => { })));
        Assert.Contains(sends, t => t.IsCompletedSuccessfully);
        for (var i = 0; i < shoppers.Length; i++)
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
        Assert.Equal(HttpStatusCode.Created, (await admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = "r1", body = "Hi, how can I help?", isPrivate = false })).StatusCode);
        foreach (var shopper in shoppers) await shopper.DisposeAsync();
    }
}
