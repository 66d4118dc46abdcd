using Helpdesk.Infrastructure.Web;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>Every hub method is limited per caller and per address; a caller over a limit is told so and stays connected.</summary>
public sealed class HubRateLimitTests
{
    private static async Task<(HelpdeskApp App, Agent Admin, string PublicKey)> StartAsync(params (string, string?)[] settings)
    {
        var app = new HelpdeskApp(settings: settings.ToDictionary(s => s.Item1, s => s.Item2));
        var admin = await app.SignInAsync();
        await admin.ConnectAsync();
        return (app, admin, (await app.CreateStorefrontChannelAsync(admin)).PublicKey);
    }

    /// <summary>Calls until the limit answers, and returns how many got through.</summary>
    private static async Task<int> CallUntilRefusedAsync(Func<int, Task> call, int attempts)
    {
        for (var i = 0; i < attempts; i++)
        {
            try
            {
                await call(i);
            }
            catch (HubException e)
            {
                Assert.Contains("Too many", e.Message);
                return i;
            }
        }
        return attempts;
    }

    [Fact]
    public async Task A_typing_flood_is_cut_short_while_another_shoppers_typing_still_reaches_agents()
    {
        var (app, admin, key) = await StartAsync(("RateLimits:TypingPerMinute", "5"));
        await using var _ = app;
        await using var flooder = await app.ShopperAsync(key, "Flooder");
        var flooding = (await flooder.SendAsync("hi")).ConversationId;
        await using var honest = await app.ShopperAsync(key, "Honest");
        var asking = (await honest.SendAsync("Where is my parcel?")).ConversationId;

        var through = await CallUntilRefusedAsync(i => flooder.Widget.InvokeAsync("Typing", i % 2 == 0), 200);
        Assert.Equal(5, through);
        Assert.Equal(HubConnectionState.Connected, flooder.Widget.State);

        await honest.Widget.InvokeAsync("Typing", true);
        await admin.Typing.WaitForAsync(t => t.ConversationId == asking && t.IsTyping);
        Assert.True(admin.Typing.All.Count(t => t.ConversationId == flooding) <= 5);
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task The_same_typing_state_sent_again_at_once_is_not_broadcast_again()
    {
        var (app, admin, key) = await StartAsync();
        await using var _ = app;
        await using var shopper = await app.ShopperAsync(key);
        var conversation = (await shopper.SendAsync("hi")).ConversationId;

        for (var i = 0; i < 5; i++) await shopper.Widget.InvokeAsync("Typing", true);
        await shopper.Widget.InvokeAsync("Typing", false);
        await admin.Typing.WaitForAsync(t => t.ConversationId == conversation && !t.IsTyping);
        Assert.Equal(1, admin.Typing.All.Count(t => t.ConversationId == conversation && t.IsTyping));
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task Reads_and_contact_updates_are_limited_per_visitor()
    {
        var (app, admin, key) = await StartAsync(("RateLimits:HubCallsPerMinute", "4"));
        await using var _ = app;
        await using var shopper = await app.ShopperAsync(key);
        await using var other = await app.ShopperAsync(key);

        var through = await CallUntilRefusedAsync(i => (i % 3) switch
        {
            0 => shopper.GetMessagesAsync(),
            1 => shopper.Widget.InvokeAsync("MarkRead", 1L),
            _ => shopper.Widget.InvokeAsync("UpdateContact", new { name = $"Name {i}" }),
        }, 100);
        Assert.Equal(4, through);
        Assert.Equal(HubConnectionState.Connected, shopper.Widget.State);
        // Another visitor has a limit of their own.
        Assert.Empty(await other.GetMessagesAsync());
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task An_agents_hub_calls_are_limited_too()
    {
        var (app, admin, _) = await StartAsync(("RateLimits:HubCallsPerMinute", "3"));
        await using var __ = app;
        var through = await CallUntilRefusedAsync(i => admin.Inbox!.InvokeAsync("SetPresence", i % 2 == 0 ? "away" : "online"), 100);
        Assert.Equal(3, through);
        Assert.Equal(HubConnectionState.Connected, admin.Inbox!.State);
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task Behind_a_proxy_hub_calls_are_limited_per_shoppers_address()
    {
        var (app, admin, key) = await StartAsync(
            ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"), ("RateLimits:HubCallsPerAddressPerMinute", "6"));
        await using var _ = app;
        await using var first = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "203.0.113.7");
        await using var second = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "203.0.113.7");
        await using var elsewhere = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "198.51.100.20");

        // The calls of both connections share that address's allowance.
        var through = await CallUntilRefusedAsync(i => (i % 2 == 0 ? first : second).GetMessagesAsync(), 100);
        Assert.Equal(6, through);
        await Assert.ThrowsAsync<HubException>(() => first.GetMessagesAsync());
        Assert.Empty(await elsewhere.GetMessagesAsync());

        // Connecting is limited before the hub, as HTTP: refused with 429, nothing to log, the client may retry.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            for (var i = 0; i < 10; i++) await app.ShopperAsync(new { publicKey = key }, forwardedFor: "203.0.113.7");
        });
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        await using var another = await app.ShopperAsync(new { publicKey = key }, forwardedFor: "198.51.100.21");
        await admin.DisposeAsync();
    }

    [Fact]
    public async Task A_caller_that_goes_on_after_being_refused_hears_it_only_after_a_pause()
    {
        var (app, admin, key) = await StartAsync(("RateLimits:TypingPerMinute", "2"));
        await using var _ = app;
        await using var shopper = await app.ShopperAsync(key, "Looper");
        await shopper.SendAsync("Hello");

        async Task<TimeSpan> RefusedAfterAsync(int i)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var refused = await Assert.ThrowsAsync<HubException>(() => shopper.Widget.InvokeAsync("Typing", i % 2 == 0));
            Assert.Contains("Too many typing", refused.Message);
            return watch.Elapsed;
        }

        await shopper.Widget.InvokeAsync("Typing", true);
        await shopper.Widget.InvokeAsync("Typing", false);
        // Just over the limit, as fast typing may be: refused at once, so the next message is not held up.
        Assert.True(await RefusedAfterAsync(0) < HubRateLimitFilter.RefusalPause / 2);
        for (var i = 1; i < HubRateLimitFilter.RefusalsPerMinute; i++) await RefusedAfterAsync(i);
        // Going on regardless: each refusal now waits, which slows a calling loop to one call per pause.
        Assert.True(await RefusedAfterAsync(0) >= HubRateLimitFilter.RefusalPause * 0.9);
        await admin.DisposeAsync();
    }
}
