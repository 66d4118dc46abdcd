using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Chat;

public sealed class OfflineTests
{
    [Fact]
    public async Task With_no_agent_online_the_message_is_queued_and_the_shopper_is_told_when_to_expect_a_reply()
    {
        await using var app = new HelpdeskApp();
        var admin = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;

        await using var shopper = await app.ShopperAsync(publicKey);
        Assert.False(shopper.Session.GetProperty("agentsOnline").GetBoolean());
        Assert.Equal(720, shopper.Session.GetProperty("expectedReplyMinutes").GetInt32());

        var message = await shopper.SendAsync("Anyone there?");
        await shopper.Widget.InvokeAsync("UpdateContact", new { email = "emily@example.com" });

        var queue = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        var waiting = Assert.Single(queue!);
        Assert.Equal(message.ConversationId, waiting.GetProperty("id").GetInt64());
        Assert.Contains("due in", waiting.GetProperty("priority").GetProperty("reason").GetString());

        // An agent coming online changes what the widget promises.
        var availability = new TaskCompletionSource<JsonElement>();
        shopper.Widget.On<JsonElement>("Availability", a => availability.TrySetResult(a));
        await admin.ConnectAsync();
        var online = await availability.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(online.GetProperty("agentsOnline").GetBoolean());
        Assert.Equal(15, online.GetProperty("expectedReplyMinutes").GetInt32());
    }

    [Fact]
    public async Task A_visitor_sending_too_fast_is_slowed_down_without_losing_the_connection()
    {
        await using var app = new HelpdeskApp(settings: new() { ["RateLimits:VisitorMessagesPerMinute"] = "5" });
        var admin = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;
        await using var shopper = await app.ShopperAsync(publicKey);

        for (var i = 0; i < 5; i++) await shopper.SendAsync($"message {i}");
        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => shopper.SendAsync("one too many"));
        Assert.Contains("Too many", error.Message);
        Assert.Equal(HubConnectionState.Connected, shopper.Widget.State);
        Assert.Equal(5, (await shopper.GetMessagesAsync()).Length);
    }

    [Fact]
    public async Task Widget_sessions_are_rate_limited_per_address()
    {
        await using var app = new HelpdeskApp(settings: new() { ["RateLimits:WidgetSessionsPerMinute"] = "3" });
        var admin = await app.SignInAsync();
        var publicKey = (await app.CreateStorefrontChannelAsync(admin)).PublicKey;
        var http = app.Http();
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
            codes.Add((int)(await http.PostAsJsonAsync("/api/widget/sessions", new { publicKey })).StatusCode);
        Assert.Equal([200, 200, 200, 429], codes);
    }
}
