using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Conversations;

/// <summary>
/// Names, subjects, file names and bodies from outside reach the agent without bidi overrides or hidden
/// characters, whichever way they come in.
/// </summary>
public sealed class MisleadingTextTests
{
    // "Support‮ moc.kcatta" shows as a reversed, official-looking name; the zero-width space hides in "ad​min".
    private const string ReversedName = "Nordlys Support\u202E moc.live";
    private const string HiddenSpaceName = "ad\u200Bmin";

    private static async Task<JsonElement> ConversationAsync(Agent admin, long id) =>
        await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

    [Fact]
    public async Task A_shopper_cannot_hide_or_reverse_text_in_their_name_or_messages()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await app.ShopperAsync(key, ReversedName);

        var sent = await shopper.SendAsync("Pay at \u202Emoc.live\u202C please 👨\u200D👩\u200D👧");

        Assert.Equal("Pay at moc.live please 👨\u200D👩\u200D👧", sent.Body);
        var conversation = await ConversationAsync(admin, sent.ConversationId);
        Assert.Equal("Nordlys Support moc.live", conversation.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(sent.Body, conversation.GetProperty("messages")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_shopper_cannot_rename_themselves_with_hidden_characters()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await app.ShopperAsync(key, "Shopper");
        var sent = await shopper.SendAsync("Hello");

        await shopper.Widget.InvokeAsync("UpdateContact", new ContactInput(HiddenSpaceName, null));

        var conversation = await ConversationAsync(admin, sent.ConversationId);
        Assert.Equal("admin", conversation.GetProperty("customer").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_marketplace_buyer_cannot_hide_or_reverse_text_in_name_subject_or_body()
    {
        const string secret = "marketplace-relay-secret-0123456789";
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var channel = await HelpdeskApp.CreateChannelAsync(admin, "marketplace", secret, new { replyUrl = "http://127.0.0.1:9/replies" });
        var message = new
        {
            marketplace = "amazon", messageId = "AMZ-1", threadId = "T-1", buyer = new { id = "B1", name = "Jonas\u2066 Madsen\u2069\u0007" },
            subject = "Refund\u202E\u200B 404-1234567", body = "Send it to \u202Eten.live\u202C\u2060 today", sentAt = "2026-11-23T09:00:00Z",
        };

        var response = await app.PostSignedAsync($"/api/webhooks/marketplace/{channel}", JsonSerializer.SerializeToUtf8Bytes(message), secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        var conversation = await ConversationAsync(admin, id);
        Assert.Equal("Jonas Madsen", conversation.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("Refund 404-1234567", conversation.GetProperty("subject").GetString());
        Assert.Equal("Send it to ten.live today", conversation.GetProperty("messages")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_mailed_file_cannot_disguise_its_name()
    {
        const string secret = "mail-relay-secret-0123456789";
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var channel = await HelpdeskApp.CreateChannelAsync(admin, "email", secret, new { address = "support@nordlys.example" });
        var mime =
            "From: Katrin Schulz <katrin@example.de>\r\nTo: <support@nordlys.example>\r\nSubject: Rechnung\r\n" +
            "Message-ID: <file@example.de>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n" +
            "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei.\r\n" +
            "--b\r\nContent-Type: application/octet-stream\r\n" +
            "Content-Disposition: attachment; filename*=utf-8''Rechnung%E2%80%AEfdp.exe\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            Convert.ToBase64String("MZ"u8.ToArray()) + "\r\n--b--\r\n";

        var response = await app.PostSignedAsync($"/api/webhooks/email/{channel}", Encoding.UTF8.GetBytes(mime), secret, "message/rfc822");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        var file = (await ConversationAsync(admin, id)).GetProperty("messages")[0].GetProperty("attachments")[0];
        Assert.Equal("Rechnungfdp.exe", file.GetProperty("fileName").GetString());
    }

    [Fact]
    public async Task An_agents_name_cannot_hide_characters()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "\u202EAnna Berg", email = "anna@example.com", password = "anna-password-123", role = "agent", chatCapacity = 3 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Anna Berg", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_agents_name_of_nothing_but_hidden_characters_is_refused()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "\u200B\u202E", email = "ghost@example.com", password = "ghost-password-123", role = "agent", chatCapacity = 3 });

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.True((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out var errors));
    }

    [Fact]
    public async Task A_renamed_agents_name_cannot_hide_characters()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Anna Berg", email = "anna@example.com", password = "anna-password-123", role = "agent", chatCapacity = 3 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var renamed = await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { name = "\u202EAnna\u200B Berg" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Anna Berg", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        var hidden = await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { name = "\u200B\u202E" });
        Assert.Equal(HttpStatusCode.BadRequest, hidden.StatusCode);
        Assert.True((await hidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
    }
}
