using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Conversations;

public sealed class SnoozeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;
    private Agent _agent = null!;
    private string _publicKey = null!;

    public SnoozeTests() => _app = new HelpdeskApp(time: _time);

    public async Task InitializeAsync()
    {
        // Not connected: a new chat waits in the queue rather than being offered to the agent.
        _agent = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_agent)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> SetStatusAsync(long conversationId, object body) =>
        _agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/status", body);

    private async Task<JsonElement> ConversationAsync(long id) =>
        await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    [Fact]
    public async Task A_snoozed_conversation_leaves_the_queue_and_comes_back_when_its_time_comes()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Can you tell me when the tent is back in stock?");
        var until = _time.GetUtcNow().AddHours(2);

        var snoozed = await SetStatusAsync(question.ConversationId, new { status = "snoozed", snoozedUntil = until });
        Assert.Equal(HttpStatusCode.OK, snoozed.StatusCode);
        var summary = await snoozed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("snoozed", summary.GetProperty("status").GetString());
        Assert.Equal(until.UtcDateTime, summary.GetProperty("priority").GetProperty("snoozedUntil").GetDateTime().ToUniversalTime());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("priority").GetProperty("dueAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await _agent.Http.PostAsync("/api/queue/next", null)).StatusCode);

        _time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        var woken = await Eventually.Until(() => ConversationAsync(question.ConversationId),
            c => c.GetProperty("status").GetString() == "open");
        Assert.Equal(JsonValueKind.Null, woken.GetProperty("priority").GetProperty("snoozedUntil").ValueKind);
        // The customer has waited since their question, so it comes back overdue.
        Assert.True(woken.GetProperty("priority").GetProperty("dueAt").GetDateTime().ToUniversalTime() < _time.GetUtcNow().UtcDateTime);
        var next = await _agent.Http.PostAsync("/api/queue/next", null);
        Assert.Equal(question.ConversationId, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_customer_writing_wakes_a_snoozed_conversation_at_once()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Is the sleeping bag good for -10 °C?");
        await _agent.ConnectAsync();
        await _agent.ReplyAsync(question.ConversationId, "I will ask the warehouse and get back to you.");
        (await SetStatusAsync(question.ConversationId, new { status = "snoozed", snoozedUntil = _time.GetUtcNow().AddDays(1) }))
            .EnsureSuccessStatusCode();

        await shopper.SendAsync("Also, does it pack small?");
        var conversation = await ConversationAsync(question.ConversationId);
        Assert.Equal("open", conversation.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, conversation.GetProperty("priority").GetProperty("dueAt").ValueKind);
    }

    [Theory]
    [InlineData("snoozed", -5)]
    [InlineData("snoozed", 60 * 24 * 400)]
    [InlineData("open", 60)]
    public async Task A_snooze_without_a_sensible_end_is_refused_and_changes_nothing(string status, int? minutes)
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Hello?");

        var response = await SetStatusAsync(question.ConversationId,
            new { status, snoozedUntil = minutes is { } m ? _time.GetUtcNow().AddMinutes(m) : (DateTimeOffset?)null });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("snoozedUntil", await response.Content.ReadAsStringAsync());
        Assert.Equal("open", (await ConversationAsync(question.ConversationId)).GetProperty("status").GetString());
    }
}
