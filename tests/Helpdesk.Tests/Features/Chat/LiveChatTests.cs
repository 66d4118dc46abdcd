using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Chat;

public sealed class LiveChatTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    private Agent _agent = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _agent = await _app.SignInAsync();
        await _agent.ConnectAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_agent)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Shopper_and_agent_talk_live()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey, "Emily");

        var sent = await shopper.SendAsync("Is the Fjell backpack waterproof?");
        Assert.True(sent.Id > 0);
        Assert.Equal("customer", sent.Sender);

        var atAgent = await _agent.Messages.WaitForAsync(m => m.Id == sent.Id);
        Assert.Equal("Is the Fjell backpack waterproof?", atAgent.Body);
        var change = await _agent.Changes.WaitForAsync(c => c.Id == sent.ConversationId);
        Assert.Equal("Emily", change.Customer.Name);
        Assert.Equal(1, change.UnreadCount);

        var reply = await _agent.ReplyAsync(sent.ConversationId, "Yes, it is rated IPX4.");
        var atShopper = await shopper.Messages.WaitForAsync(m => m.Id == reply.Id);
        Assert.Equal("agent", atShopper.Sender);
        Assert.Equal(_agent.Name, atShopper.AuthorName);
        Assert.Equal("Yes, it is rated IPX4.", atShopper.Body);
    }

    [Fact]
    public async Task Resending_a_client_message_id_returns_the_stored_message_and_stores_nothing_new()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var first = await shopper.SendAsync("Where is my order?", "retry-1");
        var again = await shopper.SendAsync("Where is my order?", "retry-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => shopper.SendAsync("Hello", "retry-2")));

        Assert.Equal(first.Id, again.Id);
        Assert.Single(concurrent.Select(m => m.Id).Distinct());
        var history = await shopper.GetMessagesAsync();
        Assert.Equal(2, history.Length);
    }

    [Fact]
    public async Task A_resend_after_the_conversation_was_resolved_is_still_the_same_message()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var first = await shopper.SendAsync("Thanks, all good!", "late-resend");
        var resolved = await _agent.Http.PostAsJsonAsync($"/api/conversations/{first.ConversationId}/status", new { status = "resolved" });
        resolved.EnsureSuccessStatusCode();

        // The resend and a new message may be committed together.
        var both = await Task.WhenAll(shopper.SendAsync("Thanks, all good!", "late-resend"), shopper.SendAsync("One more question"));
        Assert.Equal(first.Id, both[0].Id);
        Assert.NotEqual(first.ConversationId, both[1].ConversationId);
        Assert.Equal(2, (await shopper.GetMessagesAsync()).Length);
    }

    [Fact]
    public async Task Resolving_a_conversation_tells_the_shopper_now_and_after_a_reload()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Where is my parcel?");
        var status = new TaskCompletionSource<JsonElement>();
        shopper.Widget.On<JsonElement>("ConversationStatus", e => status.TrySetResult(e));

        await _agent.Http.PostAsJsonAsync($"/api/conversations/{question.ConversationId}/status", new { status = "resolved" });
        var pushed = await status.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("resolved", pushed.GetProperty("status").GetString());
        Assert.Equal(question.ConversationId, pushed.GetProperty("conversationId").GetInt64());

        await using var reloaded = await _app.ShopperAsync(_publicKey, visitorToken: shopper.Token);
        Assert.Equal("resolved", reloaded.Session.GetProperty("conversationStatus").GetString());
    }

    [Fact]
    public async Task Questions_and_replies_sent_at_once_leave_the_conversation_consistent()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var opening = await shopper.SendAsync("Hello?");
        for (var round = 0; round < 5; round++)
        {
            var reply = _agent.ReplyAsync(opening.ConversationId, $"Answer {round}");
            var question = shopper.SendAsync($"Question {round}");
            await Task.WhenAll(reply, question);
        }
        await _agent.ReplyAsync(opening.ConversationId, "Anything else?");

        var detail = await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{opening.ConversationId}");
        Assert.Equal(12, detail.GetProperty("messages").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("priority").GetProperty("dueAt").ValueKind);
        Assert.Equal(_agent.Id, detail.GetProperty("assignee").GetProperty("id").GetInt64());

        await shopper.SendAsync("Yes, one more thing");
        detail = await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{opening.ConversationId}");
        Assert.Equal(JsonValueKind.String, detail.GetProperty("priority").GetProperty("dueAt").ValueKind);
    }

    [Fact]
    public async Task A_read_marker_never_runs_ahead_of_the_last_message()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Hello");
        await _agent.Inbox!.InvokeAsync("MarkRead", question.ConversationId, long.MaxValue);
        var next = await shopper.SendAsync("Are you there?");

        var summary = await _agent.Changes.WaitForAsync(c => c.Id == question.ConversationId && c.LastMessagePreview == "Are you there?");
        Assert.Equal(1, summary.UnreadCount);
        Assert.True(next.Id > question.Id);
    }

    [Fact]
    public async Task A_reconnecting_shopper_fetches_what_it_missed()
    {
        var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Do you ship to Norway?");
        await shopper.DisposeAsync();

        var one = await _agent.ReplyAsync(question.ConversationId, "Yes, we do.");
        var two = await _agent.ReplyAsync(question.ConversationId, "Delivery takes 3-5 days.");

        await using var back = await _app.ShopperAsync(_publicKey, visitorToken: shopper.Token);
        var missed = await back.GetMessagesAsync(question.Id);
        Assert.Equal([one.Id, two.Id], missed.Select(m => m.Id));
        Assert.Equal(question.ConversationId, back.Session.GetProperty("conversationId").GetInt64());
    }

    [Fact]
    public async Task Visitors_never_see_each_others_conversations()
    {
        await using var alice = await _app.ShopperAsync(_publicKey, "Alice");
        await using var bob = await _app.ShopperAsync(_publicKey, "Bob");
        var aliceMessage = await alice.SendAsync("My address is Strandvejen 1");
        var bobMessage = await bob.SendAsync("Hi");
        Assert.NotEqual(aliceMessage.ConversationId, bobMessage.ConversationId);

        var reply = await _agent.ReplyAsync(aliceMessage.ConversationId, "Thanks Alice");
        await alice.Messages.WaitForAsync(m => m.Id == reply.Id);
        await _agent.ReplyAsync(bobMessage.ConversationId, "Hi Bob");
        await bob.Messages.WaitForAsync(m => m.Body == "Hi Bob");

        Assert.DoesNotContain(bob.Messages.All, m => m.ConversationId == aliceMessage.ConversationId);
        Assert.DoesNotContain(await bob.GetMessagesAsync(), m => m.ConversationId == aliceMessage.ConversationId);
    }

    [Fact]
    public async Task Private_notes_reach_agents_but_never_the_shopper()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Can I get a discount?");
        var note = await _agent.ReplyAsync(question.ConversationId, "Regular customer, offer 10%", isPrivate: true);
        var reply = await _agent.ReplyAsync(question.ConversationId, "Let me check for you.");

        Assert.True(note.IsPrivate);
        await _agent.Messages.WaitForAsync(m => m.Id == note.Id);
        await shopper.Messages.WaitForAsync(m => m.Id == reply.Id);
        Assert.DoesNotContain(shopper.Messages.All, m => m.Id == note.Id);
        Assert.DoesNotContain(await shopper.GetMessagesAsync(), m => m.IsPrivate || m.Id == note.Id);

        var detail = await _agent.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{question.ConversationId}");
        Assert.Contains(detail.GetProperty("messages").EnumerateArray(), m => m.GetProperty("isPrivate").GetBoolean());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Empty_messages_are_refused_and_the_connection_stays_up(string? body)
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var error = await Assert.ThrowsAsync<HubException>(() =>
            shopper.Widget.InvokeAsync<JsonElement>("SendMessage", new { clientMessageId = "c1", body }));
        Assert.Contains("body", error.Message);
        Assert.Equal(HubConnectionState.Connected, shopper.Widget.State);
        Assert.Empty(await shopper.GetMessagesAsync());
    }

    [Fact]
    public async Task Oversized_and_malformed_messages_are_refused_and_nothing_is_stored()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var tooLong = await Assert.ThrowsAsync<HubException>(() => shopper.SendAsync(new string('x', 5001)));
        Assert.Contains("5000", tooLong.Message);
        var badId = await Assert.ThrowsAsync<HubException>(() => shopper.SendAsync("hi", "not valid id!"));
        Assert.Contains("clientMessageId", badId.Message);
        await Assert.ThrowsAnyAsync<Exception>(() => shopper.Widget.InvokeAsync<JsonElement>("SendMessage", 42));

        Assert.Equal(HubConnectionState.Connected, shopper.Widget.State);
        Assert.Empty(await shopper.GetMessagesAsync());
        var exactlyAtLimit = await shopper.SendAsync(new string('y', 5000));
        Assert.Equal(5000, exactlyAtLimit.Body.Length);
    }

    [Fact]
    public async Task Forged_and_foreign_visitor_tokens_are_refused()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var forged = _app.Hub("/hubs/widget", o => o.AccessTokenProvider = () => Task.FromResult<string?>(shopper.Token[..^4] + "AAAA"));
        await Assert.ThrowsAnyAsync<Exception>(() => forged.StartAsync());

        var none = _app.Hub("/hubs/widget", _ => { });
        await Assert.ThrowsAnyAsync<Exception>(() => none.StartAsync());

        var session = await _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = "no-such-key" });
        Assert.Equal(HttpStatusCode.NotFound, session.StatusCode);
    }

    [Fact]
    public async Task An_agent_reply_to_an_unknown_conversation_is_not_found()
    {
        var error = await Assert.ThrowsAsync<HubException>(() => _agent.ReplyAsync(999_999, "Hello?"));
        Assert.Contains("not found", error.Message);
        var rest = await _agent.Http.PostAsJsonAsync("/api/conversations/999999/messages",
            new { clientMessageId = "x", body = "Hello?", isPrivate = false });
        Assert.Equal(HttpStatusCode.NotFound, rest.StatusCode);
    }

    [Fact]
    public async Task Typing_and_read_reach_the_other_side()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var question = await shopper.SendAsync("Hello");
        await shopper.Widget.InvokeAsync("Typing", true);
        var typing = await _agent.Typing.WaitForAsync(t => t.ConversationId == question.ConversationId);
        Assert.True(typing.IsTyping);
        Assert.Equal("customer", typing.Sender);

        await _agent.Inbox!.InvokeAsync("Typing", question.ConversationId, true);
        var agentTyping = await shopper.Typing.WaitForAsync(t => t.IsTyping);
        Assert.Equal("agent", agentTyping.Sender);

        var read = new TaskCompletionSource<long>();
        shopper.Widget.On<JsonElement>("Read", e => read.TrySetResult(e.GetProperty("upToId").GetInt64()));
        await _agent.Inbox!.InvokeAsync("MarkRead", question.ConversationId, question.Id);
        Assert.Equal(question.Id, await read.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        var summary = await _agent.Changes.WaitForAsync(c => c.Id == question.ConversationId && c.UnreadCount == 0);
        Assert.Equal(0, summary.UnreadCount);
    }
}
