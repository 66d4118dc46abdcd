using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using MimeKit;

namespace Helpdesk.Tests.Features.Channels;

public sealed class EmailChannelTests : IAsyncLifetime
{
    private const string Secret = "mail-relay-secret-0123456789";
    private const string Address = "support@nordlys.example";
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

    private Task<HttpResponseMessage> DeliverAsync(string mime, string? signature = null) =>
        _app.PostSignedAsync($"/api/webhooks/email/{_channel}", Encoding.UTF8.GetBytes(mime), Secret, "message/rfc822", signature: signature);

    private async Task<JsonElement> IngestAsync(string mime)
    {
        var response = await DeliverAsync(mime);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> ConversationAsync(long id) =>
        await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    private async Task<JsonElement[]> ListAsync(string query = "status=all") =>
        (await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/conversations?{query}"))!;

    private static string Mail(string messageId, string body, string subject = "Broken zip on my rain jacket",
        string from = "Mette Kristensen <mette@example.dk>", string extraHeaders = "") =>
        $"From: {from}\r\nTo: Nordlys <{Address}>\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:12:00 +0100\r\n" +
        $"Message-ID: <{messageId}>\r\nMIME-Version: 1.0\r\n{extraHeaders}Content-Type: text/plain; charset=utf-8\r\n" +
        $"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n";

    private async Task<MimeMessage> PickedUpAsync(string messageIdStart)
    {
        var file = await Eventually.Until(
            () => Task.FromResult(Directory.GetFiles(_pickup, "*.eml").FirstOrDefault(f => Path.GetFileName(f).StartsWith(messageIdStart))),
            f => f is not null);
        return await MimeMessage.LoadAsync(file!);
    }

    [Fact]
    public async Task A_customer_mail_opens_a_conversation_in_the_queue_tied_to_their_address()
    {
        var ingested = await IngestAsync(Mail("m1@example.dk", "Hej, lynlåsen på min regnjakke gik i stykker. Ordre #1047."));

        var conversation = await ConversationAsync(ingested.GetProperty("conversationId").GetInt64());
        Assert.Equal("email", conversation.GetProperty("channel").GetProperty("kind").GetString());
        Assert.Equal("Broken zip on my rain jacket", conversation.GetProperty("subject").GetString());
        Assert.Equal("Mette Kristensen", conversation.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("open", conversation.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, conversation.GetProperty("priority").GetProperty("dueAt").ValueKind);
        var message = conversation.GetProperty("messages")[0];
        Assert.Equal("customer", message.GetProperty("sender").GetString());
        Assert.Equal("Hej, lynlåsen på min regnjakke gik i stykker. Ordre #1047.", message.GetProperty("body").GetString());

        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>(
            $"/api/customers/{conversation.GetProperty("customer").GetProperty("id").GetInt64()}");
        Assert.Contains(customer.GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("kind").GetString() == "email" && i.GetProperty("value").GetString() == "mette@example.dk");
        Assert.Contains(await ListAsync("kind=email"), c => c.GetProperty("id").GetInt64() == conversation.GetProperty("id").GetInt64());
        Assert.Empty(await ListAsync("kind=messenger"));
    }

    [Fact]
    public async Task The_same_mail_delivered_twice_is_stored_once()
    {
        var mail = Mail("twice@example.dk", "Where is my parcel?");
        var first = await IngestAsync(mail);
        var second = await IngestAsync(mail);

        Assert.False(first.GetProperty("duplicate").GetBoolean());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("messageId").GetInt64(), second.GetProperty("messageId").GetInt64());
        var conversation = await ConversationAsync(first.GetProperty("conversationId").GetInt64());
        Assert.Single(conversation.GetProperty("messages").EnumerateArray());
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task Forged_unparseable_and_oversized_mail_is_refused_and_nothing_is_stored()
    {
        var mail = Mail("forged@example.dk", "Please refund me");
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(mail, signature: "sha256=" + new string('0', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await DeliverAsync(mail, signature: HelpdeskApp.Sha256Signature("another-secret-0123456789", Encoding.UTF8.GetBytes(mail)))).StatusCode);

        var garbage = await DeliverAsync("this is not a mail at all, there are no headers\r\n");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var problem = await garbage.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());

        var noSender = await DeliverAsync("Subject: hello\r\nMessage-ID: <x@y>\r\n\r\nno sender\r\n");
        Assert.Equal(HttpStatusCode.BadRequest, noSender.StatusCode);
        Assert.True((await noSender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));

        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task A_mail_bomb_is_refused_with_413()
    {
        await using var app = new HelpdeskApp(settings: new() { ["Mail:MaxMessageBytes"] = "65536" });
        await using var admin = await app.SignInAsync();
        var channel = await HelpdeskApp.CreateChannelAsync(admin, "email", Secret, new { address = Address });
        var bomb = Encoding.UTF8.GetBytes(Mail("bomb@example.dk", new string('A', 200_000)));

        var response = await app.PostSignedAsync($"/api/webhooks/email/{channel}", bomb, Secret, "message/rfc822");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=all"))!);
    }

    [Fact]
    public async Task Attachments_and_inline_images_are_listed_and_can_be_opened_by_agents_only()
    {
        var pdf = "%PDF-1.4\n% receipt\n"u8.ToArray();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var mime =
            "From: Katrin Schulz <katrin@example.de>\r\nTo: <support@nordlys.example>\r\nSubject: =?utf-8?Q?Rechnung_f=C3=BCr_meine_Bestellung?=\r\n" +
            "Message-ID: <att@example.de>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
            "--outer\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n" +
            "--rel\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
            "<p>Gr=FC=DFe, anbei die Rechnung.</p><p><img src=3D\"cid:foto1\" alt=3D\"Foto\"></p>\r\n" +
            "--rel\r\nContent-Type: image/png\r\nContent-ID: <foto1>\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String(png) + "\r\n--rel--\r\n" +
            "--outer\r\nContent-Type: application/pdf; name=\"Rechnung.pdf\"\r\nContent-Disposition: attachment; filename=\"Rechnung.pdf\"\r\n" +
            "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(pdf) + "\r\n--outer--\r\n";

        var ingested = await IngestAsync(mime);

        var conversation = await ConversationAsync(ingested.GetProperty("conversationId").GetInt64());
        Assert.Equal("Rechnung für meine Bestellung", conversation.GetProperty("subject").GetString());
        var message = conversation.GetProperty("messages")[0];
        Assert.Contains("Grüße, anbei die Rechnung.", message.GetProperty("body").GetString());
        var files = message.GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        var image = files.Single(f => f.GetProperty("contentType").GetString() == "image/png");
        Assert.True(image.GetProperty("inline").GetBoolean());
        var receipt = files.Single(f => f.GetProperty("fileName").GetString() == "Rechnung.pdf");
        Assert.Equal(pdf.Length, receipt.GetProperty("size").GetInt64());

        var download = await _admin.Http.GetAsync(receipt.GetProperty("url").GetString());
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().GetAsync(receipt.GetProperty("url").GetString())).StatusCode);
    }

    [Fact]
    public async Task An_agent_reply_leaves_as_threaded_mail_and_the_customer_answer_finds_the_conversation()
    {
        var first = await IngestAsync(Mail("thread-1@example.dk", "Can I swap my sleeping bag for a warmer one?", subject: "Sleeping bag"));
        var conversationId = first.GetProperty("conversationId").GetInt64();
        await _admin.ConnectAsync();

        var reply = await _admin.ReplyAsync(conversationId, "Yes, within 30 days. I'll send you a return label.");
        Assert.Equal("queued", reply.Delivery?.Status);
        var sent = await PickedUpAsync($"helpdesk.{conversationId}.");

        Assert.Equal(Address, sent.From.Mailboxes.Single().Address);
        Assert.Equal("mette@example.dk", sent.To.Mailboxes.Single().Address);
        Assert.Equal($"Re: Sleeping bag [#{conversationId}]", sent.Subject);
        Assert.Equal("thread-1@example.dk", sent.InReplyTo);
        Assert.Equal(["thread-1@example.dk"], sent.References.ToArray());
        Assert.StartsWith("Yes, within 30 days.", sent.TextBody);
        Assert.Contains("> Can I swap my sleeping bag", sent.TextBody);
        Assert.Null(sent.Headers["Auto-Submitted"]);
        var delivered = await Eventually.Until(() => ConversationAsync(conversationId),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "sent");
        Assert.Equal("sent", delivered.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString());

        // The customer's mail program answers our message: In-Reply-To names it, the quote is folded away.
        var answer = await IngestAsync(Mail("thread-2@example.dk",
            $"Great, thank you!\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Nordlys <{Address}> wrote:\r\n> Yes, within 30 days.\r\n",
            subject: "Re: Sleeping bag", extraHeaders: $"In-Reply-To: <{sent.MessageId}>\r\nReferences: <thread-1@example.dk> <{sent.MessageId}>\r\n"));
        Assert.Equal(conversationId, answer.GetProperty("conversationId").GetInt64());
        var thread = await ConversationAsync(conversationId);
        var last = thread.GetProperty("messages")[2];
        Assert.Equal("Great, thank you!", last.GetProperty("body").GetString());
        Assert.StartsWith("On Mon, 23 Nov 2026", last.GetProperty("quoted").GetString());

        // A second reply carries the whole chain.
        await _admin.ReplyAsync(conversationId, "You're welcome!");
        var second = await Eventually.Until(async () => Directory.GetFiles(_pickup, "*.eml").Length, n => n == 2);
        var latest = Directory.GetFiles(_pickup, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.MessageId != sent.MessageId);
        Assert.Equal("thread-2@example.dk", latest.InReplyTo);
        Assert.Equal(["thread-1@example.dk", sent.MessageId!, "thread-2@example.dk"], latest.References.ToArray());
    }

    [Fact]
    public async Task A_mail_without_thread_headers_finds_its_conversation_by_the_subject_tag()
    {
        var first = await IngestAsync(Mail("tag-1@example.dk", "My tent pole is bent.", subject: "Tent pole"));
        var conversationId = first.GetProperty("conversationId").GetInt64();

        var again = await IngestAsync(Mail("tag-2@example.dk", "Any news?", subject: $"SV: Re: Tent pole [#{conversationId}]"));
        var unrelated = await IngestAsync(Mail("tag-3@example.dk", "Another question", subject: "Tent pole"));

        Assert.Equal(conversationId, again.GetProperty("conversationId").GetInt64());
        Assert.NotEqual(conversationId, unrelated.GetProperty("conversationId").GetInt64());
    }

    [Fact]
    public async Task A_long_thread_stays_one_conversation()
    {
        var ids = new List<string> { "long-0@example.dk" };
        var first = await IngestAsync(Mail(ids[0], "Message 0", subject: "Long thread"));
        var conversationId = first.GetProperty("conversationId").GetInt64();
        for (var i = 1; i < 12; i++)
        {
            ids.Add($"long-{i}@example.dk");
            var references = string.Join(' ', ids.Take(i).Select(id => $"<{id}>"));
            var next = await IngestAsync(Mail(ids[i], $"Message {i}", subject: "Re: Long thread",
                extraHeaders: $"In-Reply-To: <{ids[i - 1]}>\r\nReferences: {references}\r\n"));
            Assert.Equal(conversationId, next.GetProperty("conversationId").GetInt64());
        }
        Assert.Equal(12, (await ConversationAsync(conversationId)).GetProperty("messages").GetArrayLength());
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task Replies_go_out_by_smtp_and_a_busy_server_is_retried_until_it_accepts()
    {
        await using var smtp = new FakeSmtpServer();
        smtp.RefuseNext(2);
        await using var app = new HelpdeskApp(settings: new()
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(), ["Smtp:Security"] = "None",
            ["Outbox:PollMilliseconds"] = "50", ["Outbox:FirstRetrySeconds"] = "1",
        });
        await using var admin = await app.SignInAsync();
        var channel = await HelpdeskApp.CreateChannelAsync(admin, "email", Secret, new { address = Address, displayName = "Nordlys Outdoor" });
        var mail = Encoding.UTF8.GetBytes(Mail("smtp-1@example.dk", "Do you ship to Iceland?", subject: "Shipping"));
        var ingested = await (await app.PostSignedAsync($"/api/webhooks/email/{channel}", mail, Secret, "message/rfc822"))
            .Content.ReadFromJsonAsync<JsonElement>();
        var conversationId = ingested.GetProperty("conversationId").GetInt64();
        await admin.ConnectAsync();

        var reply = await admin.ReplyAsync(conversationId, "Yes, we ship to Iceland in 3–5 days.");

        var retrying = await Eventually.Until(() => admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}"),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("attempts").GetInt32() >= 1
                 && c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "queued");
        Assert.Contains("451", retrying.GetProperty("messages")[1].GetProperty("delivery").GetProperty("error").GetString());
        var delivered = await Eventually.Until(() => Task.FromResult(smtp.Received.ToArray()), r => r.Length == 1, TimeSpan.FromSeconds(30));
        var sent = MimeMessage.Load(new MemoryStream(delivered[0].Data));
        Assert.Equal(Address, delivered[0].From);
        Assert.Equal(["mette@example.dk"], delivered[0].To);
        Assert.Equal("Admin (Nordlys Outdoor)", sent.From.Mailboxes.Single().Name);
        Assert.Equal("Yes, we ship to Iceland in 3–5 days.", sent.TextBody!.Split('\n')[0].TrimEnd());
        Assert.Equal("smtp-1@example.dk", sent.InReplyTo);
        var final = await Eventually.Until(() => admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}"),
            c => c.GetProperty("messages")[1].GetProperty("delivery").GetProperty("status").GetString() == "sent");
        Assert.Equal(3, final.GetProperty("messages")[1].GetProperty("delivery").GetProperty("attempts").GetInt32());
        Assert.Equal(reply.Id, final.GetProperty("messages")[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task An_automatic_mail_gets_no_automatic_answer_and_our_own_automatic_answers_say_so()
    {
        // The channel is closed all day every day except a minute that has passed, so every mail arrives after hours.
        var hours = new
        {
            timeZone = "UTC",
            weekly = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
                .Select(day => new { day, open = "00:00", close = "00:01" }),
            exceptions = Array.Empty<object>(),
        };
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{_channel}/business-hours", hours)).EnsureSuccessStatusCode();
        if (DateTime.UtcNow.TimeOfDay < TimeSpan.FromMinutes(2)) await Task.Delay(TimeSpan.FromMinutes(2) - DateTime.UtcNow.TimeOfDay);

        var person = await IngestAsync(Mail("person@example.dk", "Are you open tomorrow?"));
        var machine = await IngestAsync(Mail("ooo@example.dk", "I am out of office.", from: "Anna <anna@example.net>",
            extraHeaders: "Auto-Submitted: auto-replied\r\n"));

        var answered = await Eventually.Until(() => ConversationAsync(person.GetProperty("conversationId").GetInt64()),
            c => c.GetProperty("messages").GetArrayLength() == 2);
        Assert.Equal("auto", answered.GetProperty("messages")[1].GetProperty("sender").GetString());
        var autoReply = await PickedUpAsync($"helpdesk.{person.GetProperty("conversationId").GetInt64()}.");
        Assert.Equal("auto-replied", autoReply.Headers["Auto-Submitted"]);
        await Task.Delay(500);
        Assert.Single((await ConversationAsync(machine.GetProperty("conversationId").GetInt64())).GetProperty("messages").EnumerateArray());
    }
}
