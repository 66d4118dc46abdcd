using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Together;

/// <summary>Two agents in the same conversation see each other: who is looking, who is typing, who was mentioned.</summary>
public sealed class WorkingTogetherTests : IAsyncLifetime
{
    private const string Password = "a-long-password";
    private readonly HelpdeskApp _app = new();
    private readonly List<IAsyncDisposable> _participants = [];
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = Keep(await _app.SignInAsync());
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        foreach (var p in _participants) await p.DisposeAsync();
        await _app.DisposeAsync();
    }

    private T Keep<T>(T participant) where T : IAsyncDisposable
    {
        _participants.Add(participant);
        return participant;
    }

    private async Task<(string Email, long Id)> NewAgentAsync(string name)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@shop.example";
        var response = await _admin.Http.PostAsJsonAsync("/api/agents", new { name, email, password = Password, role = "agent", chatCapacity = 3 });
        response.EnsureSuccessStatusCode();
        return (email, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
    }

    /// <summary>A colleague signed in with an inbox open (a new sign-in each time: another tab).</summary>
    private async Task<(Agent Agent, Inboxed<ViewersEvent> Viewers, Inboxed<MentionedEvent> Mentions)> InboxAsync(
        string email, string password = Password)
    {
        var agent = Keep(await _app.SignInAsync(email, password));
        var viewers = new Inboxed<ViewersEvent>();
        var mentions = new Inboxed<MentionedEvent>();
        var inbox = await agent.ConnectAsync();
        inbox.On<ViewersEvent>("Viewers", viewers.Add);
        inbox.On<MentionedEvent>("Mentioned", mentions.Add);
        return (agent, viewers, mentions);
    }

    private async Task<(Shopper Shopper, long ConversationId)> ChatAsync()
    {
        var shopper = Keep(await _app.ShopperAsync(_publicKey, "Emily"));
        return (shopper, (await shopper.SendAsync("Has my parcel left?")).ConversationId);
    }

    private static string Names(ViewersEvent e) => string.Join(",", e.Agents.Select(a => a.Name));

    [Fact]
    public async Task A_colleague_sees_who_opened_a_conversation_and_when_they_leave_it()
    {
        var (_, conversation) = await ChatAsync();
        var anna = (await NewAgentAsync("Anna")).Email;
        var lukas = (await NewAgentAsync("Lukas")).Email;
        var (a, _, _) = await InboxAsync(anna);
        var (_, seenByB, _) = await InboxAsync(lukas);

        await a.Inbox!.InvokeAsync("ViewConversation", conversation);
        var viewing = await seenByB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count > 0);
        Assert.Equal([(a.Id, "Anna")], viewing.Agents.Select(x => (x.Id, x.Name)));

        await a.Inbox!.InvokeAsync("ViewConversation", (long?)null);
        await seenByB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 0);
    }

    [Fact]
    public async Task Closing_the_inbox_stops_viewing_and_an_inbox_opened_later_is_told_who_views_what()
    {
        var (_, conversation) = await ChatAsync();
        var (a, _, _) = await InboxAsync((await NewAgentAsync("Anna")).Email);
        var (b, seenByB, _) = await InboxAsync((await NewAgentAsync("Lukas")).Email);
        await a.Inbox!.InvokeAsync("ViewConversation", conversation);
        await seenByB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 1);

        var (late, _, _) = await InboxAsync(HelpdeskApp.AdminEmail, HelpdeskApp.AdminPassword);
        var now = await late.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers");
        Assert.Equal("Anna", Names(Assert.Single(now, v => v.ConversationId == conversation)));

        await a.Inbox!.StopAsync();
        await seenByB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 0);
        Assert.DoesNotContain(await b.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers"), v => v.ConversationId == conversation);
    }

    [Fact]
    public async Task An_agent_with_two_tabs_on_a_conversation_counts_once_until_both_have_left()
    {
        var (_, conversation) = await ChatAsync();
        var anna = (await NewAgentAsync("Anna")).Email;
        var (tab1, _, _) = await InboxAsync(anna);
        var (tab2, _, _) = await InboxAsync(anna);
        var (_, seenByB, _) = await InboxAsync((await NewAgentAsync("Lukas")).Email);

        await tab1.Inbox!.InvokeAsync("ViewConversation", conversation);
        await tab2.Inbox!.InvokeAsync("ViewConversation", conversation);
        await tab1.Inbox!.InvokeAsync("ViewConversation", (long?)null);
        // Every change is told; after the first tab left, Anna is still there, once.
        await seenByB.WaitForAsync(v => v.ConversationId == conversation && seenByB.All.Count(x => x.ConversationId == conversation) >= 3);
        Assert.All(seenByB.All.Where(v => v.ConversationId == conversation), v => Assert.Equal("Anna", Names(v)));

        await tab2.Inbox!.DisposeAsync();
        await seenByB.WaitForAsync(v => v.ConversationId == conversation && v.Agents.Count == 0);
    }

    [Fact]
    public async Task Viewing_what_does_not_exist_is_refused_naming_the_conversation_and_changes_nothing()
    {
        var (a, _, _) = await InboxAsync((await NewAgentAsync("Anna")).Email);
        foreach (var id in new long?[] { long.MaxValue, 0, -5, 987654 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => a.Inbox!.InvokeAsync("ViewConversation", id));
            Assert.Contains("conversationId", refused.Message);
        }
        // Not a number at all: the hub cannot even bind it.
        await Assert.ThrowsAsync<HubException>(() => a.Inbox!.InvokeAsync("ViewConversation", "42; DROP TABLE"));
        await Assert.ThrowsAsync<HubException>(() => a.Inbox!.InvokeAsync("ViewConversation", new { id = 1 }));
        Assert.Empty(await a.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers"));
        // The connection is still usable.
        var (_, conversation) = await ChatAsync();
        await a.Inbox!.InvokeAsync("ViewConversation", conversation);
        Assert.Single(await a.Inbox!.InvokeAsync<ViewersEvent[]>("GetViewers"));
    }

    [Fact]
    public async Task A_colleague_sees_who_types_and_a_note_being_written_never_reaches_the_shopper()
    {
        var (shopper, conversation) = await ChatAsync();
        var (a, _, _) = await InboxAsync((await NewAgentAsync("Anna")).Email);
        var (b, _, _) = await InboxAsync((await NewAgentAsync("Lukas")).Email);

        await a.Inbox!.InvokeAsync("Typing", conversation, true);
        var reply = await b.Typing.WaitForAsync(t => t.ConversationId == conversation && t.Sender == "agent" && t.IsTyping);
        Assert.Equal((a.Id, "Anna", false), (reply.AgentId, reply.Name, reply.IsPrivate));
        await shopper.Typing.WaitForAsync(t => t.Sender == "agent" && t.IsTyping);
        await a.Inbox!.InvokeAsync("Typing", conversation, false);
        await shopper.Typing.WaitForAsync(t => t.Sender == "agent" && !t.IsTyping);

        await a.Inbox!.InvokeAsync("TypingNote", conversation, true);
        var note = await b.Typing.WaitForAsync(t => t.ConversationId == conversation && t.IsPrivate && t.IsTyping);
        Assert.Equal((a.Id, "Anna"), (note.AgentId, note.Name));
        // Anything sent to the shopper after the note's signal arrives after it: a reply's "stopped" shows none came.
        var before = shopper.Typing.All.Count;
        await a.Inbox!.InvokeAsync("TypingNote", conversation, false);
        await a.Inbox!.InvokeAsync("Typing", conversation, false);
        await shopper.Typing.WaitForAsync(_ => shopper.Typing.All.Count > before);
        Assert.Equal([false], shopper.Typing.All.Skip(before).Select(t => t.IsTyping));

        await Assert.ThrowsAsync<HubException>(() => a.Inbox!.InvokeAsync("TypingNote", long.MaxValue, true));
    }

    [Fact]
    public async Task A_mentioned_colleague_is_told_live_and_finds_the_mention_until_read()
    {
        var (shopper, conversation) = await ChatAsync();
        var (a, _, _) = await InboxAsync((await NewAgentAsync("Anna")).Email);
        var (b, _, toB) = await InboxAsync((await NewAgentAsync("Lukas")).Email);

        var note = await a.Inbox!.InvokeAsync<Helpdesk.Features.Conversations.MessageDto>("Reply",
            new ReplyInput(conversation, "note-1", "@Lukas can you check the tracking?", true, [b.Id]));
        var live = await toB.WaitForAsync(m => m.MessageId == note.Id);
        Assert.Equal((conversation, a.Id, "Anna", "@Lukas can you check the tracking?"), (live.ConversationId, live.By.Id, live.By.Name, live.Preview));

        // Sent again (a retry): still one mention.
        await a.Inbox!.InvokeAsync<Helpdesk.Features.Conversations.MessageDto>("Reply",
            new ReplyInput(conversation, "note-1", "@Lukas can you check the tracking?", true, [b.Id]));
        var unread = await b.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions?unread=true");
        var mention = Assert.Single(unread!);
        Assert.Equal(note.Id, mention.GetProperty("messageId").GetInt64());
        Assert.Equal("Anna", mention.GetProperty("by").GetProperty("name").GetString());
        Assert.Empty((await a.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions?unread=true"))!);

        (await b.Http.PostAsJsonAsync("/api/mentions/read", new { conversationId = conversation })).EnsureSuccessStatusCode();
        Assert.Empty((await b.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions?unread=true"))!);
        var all = await b.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions");
        Assert.Equal(JsonValueKind.String, Assert.Single(all!).GetProperty("readAt").ValueKind);

        // The shopper never sees the note.
        Assert.DoesNotContain(await shopper.GetMessagesAsync(), m => m.Id == note.Id);
        Assert.DoesNotContain(shopper.Messages.All, m => m.Id == note.Id);
    }

    [Fact]
    public async Task An_agent_who_was_away_finds_the_mention_when_back()
    {
        var (_, conversation) = await ChatAsync();
        var (away, awayId) = await NewAgentAsync("Lukas");
        var response = await _admin.Http.PostAsJsonAsync($"/api/conversations/{conversation}/messages",
            new { clientMessageId = "note-away", body = "@Lukas please call her back tomorrow", isPrivate = true, mentions = new[] { awayId, awayId } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var back = Keep(await _app.SignInAsync(away, Password));
        var mention = Assert.Single((await back.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions?unread=true"))!);
        Assert.Equal(conversation, mention.GetProperty("conversationId").GetInt64());
        Assert.Equal("@Lukas please call her back tomorrow", mention.GetProperty("preview").GetString());
    }

    [Fact]
    public async Task Mentions_of_unknown_or_disabled_agents_or_in_a_reply_are_refused_naming_mentions_and_store_nothing()
    {
        var (shopper, conversation) = await ChatAsync();
        var (_, disabledId) = await NewAgentAsync("Former");
        (await _admin.Http.PutAsJsonAsync($"/api/agents/{disabledId}", new { disabled = true })).EnsureSuccessStatusCode();
        var (_, colleague) = await NewAgentAsync("Lukas");

        object[] bad =
        [
            new { clientMessageId = "m1", body = "hi", isPrivate = true, mentions = new[] { 999_999L } },
            new { clientMessageId = "m2", body = "hi", isPrivate = true, mentions = new[] { disabledId } },
            new { clientMessageId = "m3", body = "hi", isPrivate = true, mentions = new[] { long.MaxValue } },
            new { clientMessageId = "m4", body = "hi", isPrivate = true, mentions = new[] { -1L } },
            new { clientMessageId = "m5", body = "hi", isPrivate = false, mentions = new[] { colleague } },
            new { clientMessageId = "m6", body = "hi", isPrivate = true, mentions = Enumerable.Range(1, 21).Select(i => (long)i).ToArray() },
        ];
        foreach (var body in bad)
        {
            var response = await _admin.Http.PostAsJsonAsync($"/api/conversations/{conversation}/messages", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("mentions", out _), problem.ToString());
        }
        var wrongType = await _admin.Http.PostAsync($"/api/conversations/{conversation}/messages",
            new StringContent("""{"clientMessageId":"m7","body":"hi","isPrivate":true,"mentions":"everyone"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var (a, _, _) = await InboxAsync(HelpdeskApp.AdminEmail, HelpdeskApp.AdminPassword);
        var refused = await Assert.ThrowsAsync<HubException>(() => a.Inbox!.InvokeAsync<Helpdesk.Features.Conversations.MessageDto>("Reply",
            new ReplyInput(conversation, "m8", "hi", false, [colleague])));
        Assert.Contains("mentions", refused.Message);

        var detail = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}");
        Assert.Single(detail.GetProperty("messages").EnumerateArray());
        Assert.Empty((await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/mentions"))!);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await _admin.Http.PostAsJsonAsync("/api/mentions/read", new { conversationId = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().GetAsync("/api/mentions")).StatusCode);
        Assert.Single(await shopper.GetMessagesAsync());
    }
}
