using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels.Email;

/// <summary>A mail thread belongs to its customer: strangers who name it start their own, and replies go to the customer.</summary>
public sealed class MailThreadOwnershipTests : IAsyncLifetime
{
    private const string Secret = "mail-relay-secret-0123456789";
    private const string Address = "support@nordlys.example";
    private const string Mette = "Mette Kristensen <mette@example.dk>";
    private const string Stranger = "Vic <m@evil.example>";
    private readonly string _pickup = Directory.CreateTempSubdirectory("helpdesk-pickup-").FullName;
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;
    private long _channel;

    public async Task InitializeAsync()
    {
        _app = new HelpdeskApp(settings: new() { ["Smtp:PickupDirectory"] = _pickup, ["Outbox:PollMilliseconds"] = "50" });
        _admin = await _app.SignInAsync();
        _channel = await HelpdeskApp.CreateChannelAsync(_admin, "email", Secret, new { address = Address });
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static string Mail(string messageId, string body, string from = Mette, string subject = "Broken zip", string extraHeaders = "") =>
        $"{extraHeaders}From: {from}\r\nTo: Nordlys <{Address}>\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:12:00 +0100\r\n" +
        $"Message-ID: <{messageId}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    private async Task<(long ConversationId, long MessageId)> IngestAsync(string mime)
    {
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{_channel}", Encoding.UTF8.GetBytes(mime), Secret, "message/rfc822");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ingested = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (ingested.GetProperty("conversationId").GetInt64(), ingested.GetProperty("messageId").GetInt64());
    }

    private async Task<JsonElement> ConversationAsync(long id) => await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    private async Task<JsonElement> MessageAsync(long conversationId, long messageId) =>
        (await ConversationAsync(conversationId)).GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == messageId);

    private async Task<JsonElement> CustomerAsync(long conversationId) =>
        await _admin.Http.GetFromJsonAsync<JsonElement>(
            $"/api/customers/{(await ConversationAsync(conversationId)).GetProperty("customer").GetProperty("id").GetInt64()}");

    private async Task<MimeMessage> PickedUpAsync(long conversationId)
    {
        var file = await Eventually.Until(
            () => Task.FromResult(Directory.GetFiles(_pickup, $"helpdesk.{conversationId}.*.eml").FirstOrDefault()), f => f is not null);
        return await MimeMessage.LoadAsync(file!);
    }

    private async Task AssertStrangerStartedTheirOwnAsync(long customersConversation, long strangersConversation)
    {
        Assert.NotEqual(customersConversation, strangersConversation);
        Assert.Single((await ConversationAsync(customersConversation)).GetProperty("messages").EnumerateArray());
        var theirs = await ConversationAsync(strangersConversation);
        Assert.NotEqual((await ConversationAsync(customersConversation)).GetProperty("customer").GetProperty("id").GetInt64(),
            theirs.GetProperty("customer").GetProperty("id").GetInt64());
        // Agents see which thread the mail named.
        Assert.Contains(theirs.GetProperty("messages").EnumerateArray(), m => m.GetProperty("sender").GetString() == "system"
            && m.GetProperty("isPrivate").GetBoolean() && m.GetProperty("body").GetString()!.Contains($"#{customersConversation}"));
    }

    [Fact]
    public async Task A_stranger_naming_a_customers_thread_by_its_subject_tag_starts_their_own_conversation()
    {
        var (customers, _) = await IngestAsync(Mail("mette-1@example.dk", "The zip on my rain jacket broke."));

        var (strangers, _) = await IngestAsync(Mail("vic-1@evil.example", "Pay at http://evil.example", from: Stranger,
            subject: $"Re: Broken zip [#{customers}]"));

        await AssertStrangerStartedTheirOwnAsync(customers, strangers);
    }

    [Fact]
    public async Task A_stranger_answering_our_reply_to_a_customer_starts_their_own_conversation_and_the_customer_never_sees_it()
    {
        var (customers, _) = await IngestAsync(Mail("mette-2@example.dk", "The zip on my rain jacket broke."));
        await _admin.ConnectAsync();
        await _admin.ReplyAsync(customers, "We'll send a new jacket.");
        var ours = await PickedUpAsync(customers);

        var (strangers, _) = await IngestAsync(Mail("vic-2@evil.example", "Pay at http://evil.example", from: Stranger, subject: "Re: Broken zip",
            extraHeaders: $"In-Reply-To: <{ours.MessageId}>\r\nReferences: <mette-2@example.dk> <{ours.MessageId}>\r\n"));

        Assert.NotEqual(customers, strangers);
        var thread = await ConversationAsync(customers);
        Assert.Equal(2, thread.GetProperty("messages").GetArrayLength());
        Assert.DoesNotContain(thread.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString()!.Contains("evil"));
        // The customer's own answer still finds the thread.
        var (answer, _) = await IngestAsync(Mail("mette-3@example.dk", "Thanks!", subject: "Re: Broken zip",
            extraHeaders: $"In-Reply-To: <{ours.MessageId}>\r\n"));
        Assert.Equal(customers, answer);
    }

    [Fact]
    public async Task A_differing_reply_to_is_shown_to_agents_and_replies_still_go_to_the_customers_address()
    {
        var (conversation, message) = await IngestAsync(Mail("mette-4@example.dk", "Please send the refund details.",
            extraHeaders: "Reply-To: Mette <refunds@evil.example>\r\n"));

        Assert.Equal("refunds@evil.example", (await MessageAsync(conversation, message)).GetProperty("replyTo").GetString());
        await _admin.ConnectAsync();
        await _admin.ReplyAsync(conversation, "Your refund of €89 is on its way.");
        var sent = await PickedUpAsync(conversation);
        Assert.Equal("mette@example.dk", sent.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_mail_whose_relay_reports_failing_authentication_is_a_claim_that_joins_no_thread_and_adds_no_identity()
    {
        var (customers, first) = await IngestAsync(Mail("mette-5@example.dk", "The zip on my rain jacket broke."));
        Assert.Equal("unchecked", (await MessageAsync(customers, first)).GetProperty("senderProof").GetString());
        const string failing = "Authentication-Results: mx.nordlys.example; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=example.dk\r\n";
        // An attacker's own "pass" further down is not the relay's word.
        const string forgedBelow = "Authentication-Results: mx.nordlys.example; dmarc=pass header.from=example.dk\r\n";

        var (forged, message) = await IngestAsync(Mail("forged-1@evil.example", "Please refund to my new account.",
            subject: $"Re: Broken zip [#{customers}]", extraHeaders: failing + forgedBelow + "In-Reply-To: <mette-5@example.dk>\r\n"));

        Assert.NotEqual(customers, forged);
        Assert.Single((await ConversationAsync(customers)).GetProperty("messages").EnumerateArray());
        Assert.Equal("unproven", (await MessageAsync(forged, message)).GetProperty("senderProof").GetString());

        var (newcomer, _) = await IngestAsync(Mail("newcomer-1@example.org", "Hello?", from: "New <new@example.org>", extraHeaders: failing));
        Assert.DoesNotContain((await CustomerAsync(newcomer)).GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("value").GetString() == "new@example.org");
    }

    [Fact]
    public async Task A_mail_the_relay_proves_is_marked_proven_and_threads()
    {
        const string passing = "Authentication-Results: mx.nordlys.example; dkim=pass header.d=example.dk header.s=s1; spf=pass smtp.mailfrom=bounce@example.dk; dmarc=pass header.from=example.dk\r\n";
        var (conversation, first) = await IngestAsync(Mail("mette-6@example.dk", "Where is my parcel?", extraHeaders: passing));
        var (answer, second) = await IngestAsync(Mail("mette-7@example.dk", "Any news?", subject: "Re: Where is my parcel",
            extraHeaders: passing + "In-Reply-To: <mette-6@example.dk>\r\n"));

        Assert.Equal(conversation, answer);
        Assert.Equal("proven", (await MessageAsync(conversation, first)).GetProperty("senderProof").GetString());
        Assert.Equal("proven", (await MessageAsync(conversation, second)).GetProperty("senderProof").GetString());
    }
}
