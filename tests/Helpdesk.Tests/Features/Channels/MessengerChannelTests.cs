using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Channels;

/// <summary>Events as the Messenger Platform sends them (webhook reference: messages, message_echoes, message_deliveries, message_reads).</summary>
public sealed class MessengerChannelTests : IAsyncLifetime
{
    private const string AppSecret = "facebook-app-secret-0123456789";
    private const string PageToken = "EAAG-page-access-token-0123456789";
    private const string PageId = "104811112345678";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeRemote _graph = null!;
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _graph = await FakeRemote.StartAsync();
        _app = new HelpdeskApp(settings: new() { ["Outbox:PollMilliseconds"] = "50" }, time: _time);
        _admin = await _app.SignInAsync();
        _channel = await HelpdeskApp.CreateChannelAsync(_admin, "messenger", AppSecret, new
        {
            verifyToken = "my-verify-token", pageAccessToken = PageToken, pageId = PageId,
            graphApiBaseUrl = new Uri(_graph.Address, "/v21.0").ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
        await _graph.DisposeAsync();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static string TextEvent(string psid, string mid, string text) => $$"""
        {"sender":{"id":"{{psid}}"},"recipient":{"id":"{{PageId}}"},"timestamp":{{Now()}},
         "message":{"mid":"{{mid}}","text":{{JsonSerializer.Serialize(text)}} } }
        """;

    private static string Webhook(params string[] events) => $$"""
        {"object":"page","entry":[{"id":"{{PageId}}","time":{{Now()}},"messaging":[{{string.Join(",", events)}}]}]}
        """;

    private Task<HttpResponseMessage> PostAsync(string body, string? signature = null) =>
        _app.PostSignedAsync($"/api/webhooks/messenger/{_channel}", Encoding.UTF8.GetBytes(body), AppSecret,
            header: "X-Hub-Signature-256", signature: signature);

    private async Task<JsonElement[]> ListAsync() =>
        (await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=all&kind=messenger"))!;

    private async Task<JsonElement> ConversationAsync(long id) => await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    private async Task<long> ConversationOfAsync(string psid, string mid, string text)
    {
        var response = await PostAsync(Webhook(TextEvent(psid, mid, text)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ListAsync()).Single().GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task The_subscription_handshake_echoes_the_challenge_only_for_the_right_token()
    {
        var right = await _app.Http().GetAsync($"/api/webhooks/messenger/{_channel}?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444");
        var wrong = await _app.Http().GetAsync($"/api/webhooks/messenger/{_channel}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("1158201444", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.DoesNotContain("1158201444", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Text_and_attachments_are_stored_while_echoes_deliveries_and_reads_are_ignored()
    {
        var image = """
            {"sender":{"id":"6543210987654321"},"recipient":{"id":"104811112345678"},"timestamp":1764000000000,
             "message":{"mid":"m_img","attachments":[{"type":"image","payload":{"url":"https://scontent.xx.fbcdn.net/v/t1.15752-9/photo_of_zip.jpg?oh=1"}}]}}
            """;
        var echo = $$"""
            {"sender":{"id":"{{PageId}}"},"recipient":{"id":"6543210987654321"},"timestamp":1764000000001,
             "message":{"mid":"m_echo","is_echo":true,"app_id":1517776481860111,"text":"Our own reply"} }
            """;
        var delivery = """{"sender":{"id":"6543210987654321"},"recipient":{"id":"104811112345678"},"delivery":{"mids":["m_echo"],"watermark":1764000000001}}""";
        var read = """{"sender":{"id":"6543210987654321"},"recipient":{"id":"104811112345678"},"timestamp":1764000000002,"read":{"watermark":1764000000001}}""";

        var response = await PostAsync(Webhook(TextEvent("6543210987654321", "m_text", "Hej! Lynlåsen er gået i stykker 😕"), image, echo, delivery, read));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, receipt.GetProperty("stored").GetInt32());
        Assert.Equal(3, receipt.GetProperty("ignored").GetInt32());
        var conversation = await ConversationAsync((await ListAsync()).Single().GetProperty("id").GetInt64());
        var messages = conversation.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("Hej! Lynlåsen er gået i stykker 😕", messages[0].GetProperty("body").GetString());
        var photo = messages[1].GetProperty("attachments")[0];
        Assert.Equal("photo_of_zip.jpg", photo.GetProperty("fileName").GetString());
        Assert.Equal("image/jpeg", photo.GetProperty("contentType").GetString());
        Assert.StartsWith("https://scontent.xx.fbcdn.net/", photo.GetProperty("url").GetString());
        Assert.Equal(2000, conversation.GetProperty("replyLimits").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task Forged_malformed_and_replayed_events_change_nothing()
    {
        var body = Webhook(TextEvent("111", "m_1", "hello"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, signature: "sha256=" + new string('a', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(body, signature: "sha1=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("{\"object\":\"page\",\"entry\":[")).StatusCode);
        // One good event and one without a sender: the batch is refused whole.
        var half = await PostAsync(Webhook(TextEvent("111", "m_2", "hi"), """{"recipient":{"id":"1"},"message":{"mid":"m_3","text":"x"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.True((await half.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("entry[0].messaging[1].sender.id", out _));
        Assert.Empty(await ListAsync());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body)).StatusCode);
        var replay = await (await PostAsync(body)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, replay.GetProperty("duplicates").GetInt32());
        Assert.Single((await ConversationAsync((await ListAsync()).Single().GetProperty("id").GetInt64())).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task Replies_go_to_the_send_api_as_a_response_then_with_the_human_agent_tag_then_are_refused()
    {
        var conversationId = await ConversationOfAsync("2468", "m_a", "Is the Vidde tent back in stock?");
        await _admin.ConnectAsync();

        await _admin.ReplyAsync(conversationId, "Next Tuesday!");
        var first = await Eventually.Until(() => Task.FromResult(_graph.Requests.ToArray()), r => r.Length == 1);
        Assert.Equal("/v21.0/me/messages", first[0].Path);
        Assert.Equal($"Bearer {PageToken}", first[0].Headers["Authorization"]);
        var sent = JsonNode.Parse(first[0].Text)!;
        Assert.Equal("2468", sent["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal("RESPONSE", sent["messaging_type"]!.GetValue<string>());
        Assert.Equal("Next Tuesday!", sent["message"]!["text"]!.GetValue<string>());
        Assert.Null(sent["tag"]);

        // The sign-in cookie lives on the app's clock: sign in again after moving it.
        _time.Advance(TimeSpan.FromDays(2));
        await _admin.DisposeAsync();
        var admin = _admin = await _app.SignInAsync();
        await admin.ConnectAsync();
        var detail = await ConversationAsync(conversationId);
        Assert.True(detail.GetProperty("replyLimits").GetProperty("humanAgentTag").GetBoolean());
        await admin.ReplyAsync(conversationId, "It has arrived.");
        var second = await Eventually.Until(() => Task.FromResult(_graph.Requests.ToArray()), r => r.Length == 2);
        var tagged = JsonNode.Parse(second[1].Text)!;
        Assert.Equal("MESSAGE_TAG", tagged["messaging_type"]!.GetValue<string>());
        Assert.Equal("HUMAN_AGENT", tagged["tag"]!.GetValue<string>());

        _time.Advance(TimeSpan.FromDays(6));
        await _admin.DisposeAsync();
        admin = _admin = await _app.SignInAsync();
        var late = await admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = "late-1", body = "Still interested?", isPrivate = false });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var problem = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("7 days", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Contains("7 days", (await ConversationAsync(conversationId)).GetProperty("replyLimits").GetProperty("refusal").GetString());
        // A private note is still fine: it never leaves.
        var note = await admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = "note-1", body = "Tried to reach them too late.", isPrivate = true });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        await Task.Delay(300);
        Assert.Equal(2, _graph.Requests.Count);
    }

    [Fact]
    public async Task A_reply_over_two_thousand_characters_is_refused_before_it_is_stored()
    {
        var conversationId = await ConversationOfAsync("1357", "m_b", "Hi");

        var response = await _admin.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/messages",
            new { clientMessageId = "long-1", body = new string('x', 2001), isPrivate = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("2,000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Single((await ConversationAsync(conversationId)).GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task A_refusal_from_the_send_api_is_shown_with_its_reason_and_can_be_retried()
    {
        var conversationId = await ConversationOfAsync("9753", "m_c", "Hello?");
        _graph.Respond = _ => Task.FromResult((400,
            """{"error":{"message":"(#551) This person isn't available right now.","type":"OAuthException","code":551,"error_subcode":1545041,"fbtrace_id":"Abc"}}"""));
        await _admin.ConnectAsync();

        var reply = await _admin.ReplyAsync(conversationId, "We can help!");

        var failed = await Eventually.Until(() => ConversationAsync(conversationId),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "failed");
        Assert.Contains("This person isn't available right now", failed.GetProperty("messages")[1].GetProperty("delivery").GetProperty("error").GetString());
        Assert.Single(_graph.Requests);

        _graph.Respond = _ => Task.FromResult((200, """{"recipient_id":"9753","message_id":"m_ok"}"""));
        var retried = await _admin.Http.PostAsync($"/api/conversations/{conversationId}/messages/{reply.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await Eventually.Until(() => ConversationAsync(conversationId),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "sent");
        var again = await _admin.Http.PostAsync($"/api/conversations/{conversationId}/messages/{reply.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Secrets_never_appear_in_channel_responses_and_survive_a_settings_update()
    {
        var channel = await _admin.Http.GetStringAsync($"/api/channels/{_channel}");
        Assert.DoesNotContain(PageToken, channel);
        Assert.DoesNotContain(AppSecret, channel);
        Assert.DoesNotContain("my-verify-token", channel);
        Assert.Contains("pageAccessToken", JsonDocument.Parse(channel).RootElement.GetProperty("secretSettings").EnumerateArray().Select(e => e.GetString()));

        var update = await _admin.Http.PutAsJsonAsync($"/api/channels/{_channel}", new
        {
            name = "Facebook page", settings = new { pageId = PageId, graphApiBaseUrl = new Uri(_graph.Address, "/v21.0").ToString() },
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var conversationId = await ConversationOfAsync("8642", "m_d", "Hi again");
        await _admin.ConnectAsync();
        await _admin.ReplyAsync(conversationId, "Hello!");
        var sent = await Eventually.Until(() => Task.FromResult(_graph.Requests.ToArray()), r => r.Length == 1);
        Assert.Equal($"Bearer {PageToken}", sent[0].Headers["Authorization"]);
    }
}
