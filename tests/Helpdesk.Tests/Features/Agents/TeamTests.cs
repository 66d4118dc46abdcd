using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Agents;

/// <summary>The team an admin builds in the inbox: display names, pictures and invitations.</summary>
public sealed class TeamTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;

    public TeamTests() => _app = new HelpdeskApp(time: _time);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<JsonElement> InviteAsync(Agent admin, string email, string name = "Sofie Holm", string? displayName = "Sofie")
    {
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name, email, role = "agent", chatCapacity = 3, displayName, avatarColor = 4, invite = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await created.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string TokenOf(JsonElement created) => created.GetProperty("invitation").GetProperty("token").GetString()!;

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static HttpContent Image(byte[] bytes, string contentType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    [Fact]
    public async Task An_invited_agent_sets_their_password_once_and_then_signs_in_with_it()
    {
        var admin = await _app.SignInAsync();
        var created = await InviteAsync(admin, "sofie@shop.example");
        var token = TokenOf(created);
        var listed = (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/agents"))!.Single(a => a.GetProperty("email").GetString() == "sofie@shop.example");
        Assert.True(listed.GetProperty("invited").GetBoolean());
        Assert.Equal("Sofie", listed.GetProperty("displayName").GetString());
        Assert.Equal(4, listed.GetProperty("avatarColor").GetInt32());
        // Nobody can sign in to an invited account before the invitation is accepted, with any password.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().PostAsJsonAsync("/api/auth/login", new { email = "sofie@shop.example", password = "any-password-at-all" })).StatusCode);

        var anonymous = _app.Http();
        var details = await anonymous.GetFromJsonAsync<JsonElement>($"/api/invitations/{token}");
        Assert.Equal("Sofie Holm", details.GetProperty("name").GetString());
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddDays(7), details.GetProperty("expiresAt").GetDateTime());

        var accepted = await anonymous.PostAsJsonAsync($"/api/invitations/{token}", new { password = "sofies-own-password" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("sofie@shop.example", (await anonymous.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("email").GetString());

        // Used up: neither the link nor a copy of it works again.
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().GetAsync($"/api/invitations/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().PostAsJsonAsync($"/api/invitations/{token}", new { password = "an-attackers-password" })).StatusCode);
        await _app.SignInAsync("sofie@shop.example", "sofies-own-password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().PostAsJsonAsync("/api/auth/login", new { email = "sofie@shop.example", password = "an-attackers-password" })).StatusCode);
    }

    [Fact]
    public async Task Only_the_stored_hash_of_a_token_is_kept_and_a_near_miss_or_malformed_token_opens_nothing()
    {
        var admin = await _app.SignInAsync();
        var token = TokenOf(await InviteAsync(admin, "sofie@shop.example"));
        Assert.Equal(43, token.Length);

        await using (var db = await _app.OpenDatabaseAsync())
        {
            await using var command = db.CreateCommand();
            command.CommandText = _app.OnPostgres ? "SELECT invitationhash FROM agents WHERE email = 'sofie@shop.example'" : "SELECT InvitationHash FROM Agents WHERE Email = 'sofie@shop.example'";
            var stored = (byte[])(await command.ExecuteScalarAsync())!;
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored);
        }

        var nearMiss = (token[0] == 'A' ? 'B' : 'A') + token[1..];
        foreach (var wrong in new[] { nearMiss, token[..42], token + "A", "../../api/agents", "%00" + token[3..], new string('A', 43) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().GetAsync($"/api/invitations/{Uri.EscapeDataString(wrong)}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound,
                (await _app.Http().PostAsJsonAsync($"/api/invitations/{Uri.EscapeDataString(wrong)}", new { password = "a-guessers-password" })).StatusCode);
        }
        // Two invitations are two unrelated tokens.
        var another = TokenOf(await InviteAsync(admin, "lukas@shop.example", "Lukas Becker", null));
        Assert.NotEqual(token, another);
        Assert.Equal(HttpStatusCode.OK, (await _app.Http().GetAsync($"/api/invitations/{token}")).StatusCode);
    }

    [Fact]
    public async Task An_invitation_expires_after_seven_days_and_a_new_one_replaces_the_old()
    {
        var admin = await _app.SignInAsync();
        var created = await InviteAsync(admin, "sofie@shop.example");
        var first = TokenOf(created);
        var id = created.GetProperty("id").GetInt64();

        _time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Gone, (await _app.Http().GetAsync($"/api/invitations/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await _app.Http().PostAsJsonAsync($"/api/invitations/{first}", new { password = "sofies-own-password" })).StatusCode);

        admin = await _app.SignInAsync();
        var again = await admin.Http.PostAsync($"/api/agents/{id}/invitation", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().GetAsync($"/api/invitations/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.Http().PostAsJsonAsync($"/api/invitations/{second}", new { password = "sofies-own-password" })).StatusCode);
    }

    [Fact]
    public async Task A_disabled_agent_cannot_accept_an_invitation_nor_be_invited()
    {
        var admin = await _app.SignInAsync();
        var created = await InviteAsync(admin, "sofie@shop.example");
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.PutAsJsonAsync($"/api/agents/{id}", new { disabled = true })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().GetAsync($"/api/invitations/{TokenOf(created)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _app.Http().PostAsJsonAsync($"/api/invitations/{TokenOf(created)}", new { password = "sofies-own-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.Http.PostAsync($"/api/agents/{id}/invitation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _app.Http().PostAsJsonAsync("/api/auth/login", new { email = "sofie@shop.example", password = "sofies-own-password" })).StatusCode);
    }

    [Fact]
    public async Task Bad_agent_details_and_a_short_invitation_password_are_refused_naming_the_field()
    {
        var admin = await _app.SignInAsync();
        var errors = await ErrorsAsync(await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie", email = "sofie@shop.example", role = "agent", chatCapacity = 3, invite = true, password = "a-long-password", avatarColor = 8, displayName = "\u200b\u200b" }));
        Assert.Contains("password", errors.Keys);
        Assert.Contains("avatarColor", errors.Keys);
        Assert.Contains("displayName", errors.Keys);
        Assert.Contains("password", (await ErrorsAsync(await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie", email = "sofie@shop.example", role = "agent", chatCapacity = 3 }))).Keys);
        Assert.DoesNotContain((await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/agents"))!, a => a.GetProperty("email").GetString() == "sofie@shop.example");

        var token = TokenOf(await InviteAsync(admin, "sofie@shop.example"));
        Assert.Contains("password", (await ErrorsAsync(await _app.Http().PostAsJsonAsync($"/api/invitations/{token}", new { password = "short" }))).Keys);
        // A refused attempt does not use the invitation up.
        Assert.Equal(HttpStatusCode.OK, (await _app.Http().PostAsJsonAsync($"/api/invitations/{token}", new { password = "long-enough-now" })).StatusCode);

        var agents = await _app.Http().PostAsJsonAsync("/api/agents", new { name = "X", email = "x@shop.example", password = "a-long-password", role = "admin" });
        Assert.Equal(HttpStatusCode.Unauthorized, agents.StatusCode);
    }

    [Fact]
    public async Task Customers_see_the_display_name_on_replies_and_typing_and_a_change_applies_to_the_next_reply()
    {
        var admin = await _app.SignInAsync();
        var created = await admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Sofie Holm", email = "sofie@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3, displayName = "Sofie" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (_, publicKey) = await _app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await _app.ShopperAsync(publicKey);
        var asked = await shopper.SendAsync("Do you have the tent in green?");

        await using var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");
        await sofie.ConnectAsync();
        var reply = await sofie.ReplyAsync(asked.ConversationId, "We do!");
        Assert.Equal("Sofie", reply.AuthorName);
        Assert.Equal("Sofie", (await shopper.Messages.WaitForAsync(m => m.Id == reply.Id)).AuthorName);
        await sofie.Inbox!.InvokeAsync("Typing", asked.ConversationId, true);
        Assert.Equal("Sofie", (await shopper.Typing.WaitForAsync(t => t.IsTyping)).Name);
        // A private note is for colleagues: it carries the agent's name.
        Assert.Equal("Sofie Holm", (await sofie.ReplyAsync(asked.ConversationId, "Check stock", isPrivate: true)).AuthorName);

        var profile = await sofie.Http.PutAsJsonAsync("/api/auth/profile", new { displayName = "Sofie from Nordlys" });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("Sofie from Nordlys", (await sofie.ReplyAsync(asked.ConversationId, "Anything else?")).AuthorName);
        // Cleared: customers see the name.
        await sofie.Http.PutAsJsonAsync("/api/auth/profile", new { displayName = "" });
        Assert.Equal("Sofie Holm", (await sofie.ReplyAsync(asked.ConversationId, "Bye")).AuthorName);
        Assert.Contains("name", (await ErrorsAsync(await sofie.Http.PutAsJsonAsync("/api/auth/profile", new { name = " " }))).Keys);
    }

    public static TheoryData<string, byte[]> HostileImages => new()
    {
        { "svg with script", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>") },
        { "html named png", Encoding.UTF8.GetBytes("<!doctype html><html><body><script>fetch('/api/agents')</script></body></html>") },
        { "png header then html", [.. TinyPng()[..33], .. Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")] },
        { "png with html behind its end", [.. TinyPng(), .. Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")] },
        { "jpeg header then script", [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.UTF8.GetBytes("<script>alert(1)</script>")] },
        { "webp whose declared length lies", [.. Encoding.ASCII.GetBytes("RIFF"), 0xFF, 0, 0, 0, .. Encoding.ASCII.GetBytes("WEBPVP8 "), 0, 0, 0, 0] },
        { "gif", [.. Encoding.ASCII.GetBytes("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x3B] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(HostileImages))]
    public async Task A_picture_that_is_not_really_a_png_jpeg_or_webp_is_refused_and_changes_nothing(string what, byte[] bytes)
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PutAsync($"/api/agents/{admin.Id}/avatar", Image(bytes));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Contains("image", (await ErrorsAsync(response)).Keys);
        var me = await admin.Http.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(JsonValueKind.Null, me.GetProperty("avatarUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/api/agents/{admin.Id}/avatar")).StatusCode);
    }

    [Fact]
    public async Task An_oversized_picture_is_refused()
    {
        var admin = await _app.SignInAsync();
        var png = TinyPng();
        // A real PNG structure, padded inside to just over the limit.
        var big = new byte[256 * 1024 + 1];
        png.AsSpan(0, 33).CopyTo(big);
        png.AsSpan(png.Length - 12).CopyTo(big.AsSpan(big.Length - 12));
        var response = await admin.Http.PutAsync($"/api/agents/{admin.Id}/avatar", Image(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await admin.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("avatarUrl").ValueKind);
    }

    [Fact]
    public async Task A_real_picture_is_served_back_as_its_true_type_sandboxed_and_only_its_owner_or_an_admin_changes_it()
    {
        var admin = await _app.SignInAsync();
        await admin.Http.PostAsJsonAsync("/api/agents", new { name = "Sofie Holm", email = "sofie@shop.example", password = "a-long-password", role = "agent", chatCapacity = 3 });
        await using var sofie = await _app.SignInAsync("sofie@shop.example", "a-long-password");

        // Claimed to be SVG, judged by its bytes: a PNG, and served as one.
        var set = await sofie.Http.PutAsync($"/api/agents/{sofie.Id}/avatar", Image(TinyPng(), "image/svg+xml"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var url = (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("avatarUrl").GetString()!;
        var served = await admin.Http.GetAsync(url);
        Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", served.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(TinyPng(), await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().GetAsync(url)).StatusCode);

        // Another agent's picture is not theirs to change; an admin's is.
        Assert.Equal(HttpStatusCode.NotFound, (await sofie.Http.PutAsync($"/api/agents/{admin.Id}/avatar", Image(TinyJpeg()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sofie.Http.DeleteAsync($"/api/agents/{admin.Id}/avatar")).StatusCode);
        var jpeg = await admin.Http.PutAsync($"/api/agents/{sofie.Id}/avatar", Image(TinyJpeg()));
        var newUrl = (await jpeg.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("avatarUrl").GetString()!;
        Assert.NotEqual(url, newUrl);
        Assert.Equal("image/jpeg", (await sofie.Http.GetAsync(newUrl)).Content.Headers.ContentType!.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await sofie.Http.DeleteAsync($"/api/agents/{sofie.Id}/avatar")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync(newUrl)).StatusCode);
    }

    [Fact]
    public async Task The_last_active_admin_cannot_disable_themselves_and_is_told_why()
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PutAsJsonAsync($"/api/agents/{admin.Id}", new { disabled = true });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("admin", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    /// <summary>A 1×1 PNG, as an image program writes it.</summary>
    internal static byte[] TinyPng() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>The smallest JPEG shape: start-of-image, an APP0 header, end-of-image.</summary>
    private static byte[] TinyJpeg() =>
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. Encoding.ASCII.GetBytes("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];
}
