using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Conversations;

/// <summary>A snooze ends at its time or at the customer's next message, whichever comes first, and nothing else.</summary>
public sealed class SnoozeWhicheverComesFirstTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;
    private Agent _agent = null!;
    private string _publicKey = null!;

    public SnoozeWhicheverComesFirstTests() => _app = new HelpdeskApp(time: _time);

    public async Task InitializeAsync()
    {
        _agent = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_agent)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task SnoozeAsync(long id, TimeSpan? forHowLong)
    {
        object body = forHowLong is { } span ? new { status = "snoozed", snoozedUntil = _time.GetUtcNow() + span } : new { status = "snoozed" };
        var response = await _agent.Http.PostAsJsonAsync($"/api/conversations/{id}/status", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> StatusAsync(long id) =>
        (await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("status").GetString()!;

    /// <summary>Moves time on and waits until a conversation snoozed as a witness wakes: the wake-up loop has run past the new time.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await using var witness = await _app.ShopperAsync(_publicKey, "Witness");
        var id = (await witness.SendAsync("Witness")).ConversationId;
        await SnoozeAsync(id, by - TimeSpan.FromSeconds(1));
        _time.Advance(by);
        await Eventually.Until(() => StatusAsync(id), s => s == "open");
    }

    [Fact]
    public async Task A_snooze_without_a_time_waits_for_the_customer_alone()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var id = (await shopper.SendAsync("Please tell me when you have the photos.")).ConversationId;

        await SnoozeAsync(id, null);
        var summary = await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal("snoozed", summary.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("priority").GetProperty("snoozedUntil").ValueKind);
        Assert.Contains(id, (await _agent.Http.GetFromJsonAsync<JsonElement>("/api/conversations?status=snoozed"))
            .EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));

        // Half a day on (the agent's sign-in lasts twelve hours): no time, no wake-up.
        await AdvanceAsync(TimeSpan.FromHours(11));
        Assert.Equal("snoozed", await StatusAsync(id));

        await shopper.SendAsync("Here they are.");
        Assert.Equal("open", await StatusAsync(id));
    }

    [Fact]
    public async Task The_customer_writing_first_ends_the_snooze_and_its_old_time_then_changes_nothing()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var id = (await shopper.SendAsync("Is the blue one coming back?")).ConversationId;
        await SnoozeAsync(id, TimeSpan.FromHours(2));

        await shopper.SendAsync("Or the green one?");
        Assert.Equal("open", await StatusAsync(id));

        // Set aside again for longer: the first snooze's time passing must not bring it back early.
        await SnoozeAsync(id, TimeSpan.FromHours(10));
        await AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal("snoozed", await StatusAsync(id));

        _time.Advance(TimeSpan.FromHours(8));
        await Eventually.Until(() => StatusAsync(id), s => s == "open");
    }

    [Fact]
    public async Task The_time_coming_first_ends_the_snooze_and_the_customer_then_finds_it_open()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var id = (await shopper.SendAsync("When does the sale start?")).ConversationId;
        await SnoozeAsync(id, TimeSpan.FromHours(1));

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await Eventually.Until(() => StatusAsync(id), s => s == "open");

        await shopper.SendAsync("Any news?");
        Assert.Equal("open", await StatusAsync(id));
        var queue = await _agent.Http.GetFromJsonAsync<JsonElement>("/api/conversations?status=open");
        Assert.Contains(id, queue.EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
    }
}
