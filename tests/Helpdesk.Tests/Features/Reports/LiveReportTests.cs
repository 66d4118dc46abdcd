using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Reports;

public sealed class LiveReportTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;
    private Agent _agent = null!;
    private string _publicKey = null!;

    public LiveReportTests() => _app = new HelpdeskApp(time: _time);

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

    private async Task<JsonElement> LiveAsync() => await _agent.Http.GetFromJsonAsync<JsonElement>("/api/reports/live");

    private async Task<DateTime> DueAtAsync(long conversationId) =>
        (await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}"))
            .GetProperty("priority").GetProperty("dueAt").GetDateTime().ToUniversalTime();

    [Fact]
    public async Task Counts_the_customers_waiting_now_the_oldest_wait_those_past_due_and_the_agents_online()
    {
        var empty = await LiveAsync();
        Assert.Equal(0, empty.GetProperty("waiting").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("oldestWaitMinutes").ValueKind);
        Assert.Equal(0, empty.GetProperty("pastDue").GetInt32());
        Assert.Equal(0, empty.GetProperty("agentsOnline").GetInt32());

        // Connected and online, the agent answers through the inbox as anyone would.
        await _agent.ConnectAsync();
        await Eventually.Until(LiveAsync, l => l.GetProperty("agentsOnline").GetInt32() == 1);

        await using var first = await _app.ShopperAsync(_publicKey, "First");
        var firstQuestion = await first.SendAsync("Where is my parcel?");
        _time.Advance(TimeSpan.FromMinutes(10));
        await using var second = await _app.ShopperAsync(_publicKey, "Second");
        var secondQuestion = await second.SendAsync("Do you ship to Riga?");
        _time.Advance(TimeSpan.FromMinutes(2));
        // Answered: nobody waits there any more.
        await using var answered = await _app.ShopperAsync(_publicKey, "Answered");
        var answeredQuestion = await answered.SendAsync("Is the shop open on Sunday?");
        await _agent.ReplyAsync(answeredQuestion.ConversationId, "Yes, from 10 to 16.");
        // Pending: the agent waits for the customer, not the other way round.
        await using var pending = await _app.ShopperAsync(_publicKey, "Pending");
        var pendingQuestion = await pending.SendAsync("Can I change my order?");
        var status = await _agent.Http.PostAsJsonAsync($"/api/conversations/{pendingQuestion.ConversationId}/status", new { status = "pending" });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        var live = await LiveAsync();
        Assert.Equal(2, live.GetProperty("waiting").GetInt32());
        Assert.Equal(12, live.GetProperty("oldestWaitMinutes").GetDouble(), precision: 3);
        Assert.Equal(0, live.GetProperty("pastDue").GetInt32());

        // Just past the first question's due time, before the second's.
        var firstDue = await DueAtAsync(firstQuestion.ConversationId);
        Assert.True(firstDue < await DueAtAsync(secondQuestion.ConversationId));
        _time.SetUtcNow(firstDue.AddSeconds(30));
        live = await LiveAsync();
        Assert.Equal(2, live.GetProperty("waiting").GetInt32());
        Assert.Equal(1, live.GetProperty("pastDue").GetInt32());
        Assert.Equal((firstDue.AddSeconds(30) - firstQuestion.CreatedAt.ToUniversalTime()).TotalMinutes,
            live.GetProperty("oldestWaitMinutes").GetDouble(), precision: 3);

        await _agent.Inbox!.InvokeAsync("SetPresence", "away");
        await Eventually.Until(LiveAsync, l => l.GetProperty("agentsOnline").GetInt32() == 0);
    }

    [Fact]
    public async Task Is_for_signed_in_agents_only()
    {
        using var anonymous = _app.Http();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/reports/live")).StatusCode);
    }
}
