using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Channels;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Features.Channels;

public sealed class ChannelTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Secrets_are_write_only_and_storefronts_get_a_public_key()
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PostAsJsonAsync("/api/channels",
            new { kind = "storefront", name = "Shop", secret = "very-secret-value-123", settings = new { defaultLanguage = "da" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("very-secret-value-123", raw);
        var channel = JsonDocument.Parse(raw).RootElement;
        Assert.StartsWith("pk_", channel.GetProperty("publicKey").GetString());
        var id = channel.GetProperty("id").GetInt64();

        var list = await admin.Http.GetStringAsync("/api/channels");
        Assert.DoesNotContain("very-secret-value-123", list);
        var updated = await admin.Http.PutAsJsonAsync($"/api/channels/{id}", new { name = "Renamed shop" });
        var renamed = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Renamed shop", renamed.GetProperty("name").GetString());
        Assert.True(renamed.GetProperty("hasSecret").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/channels/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/api/channels/{id}")).StatusCode);
    }

    [Fact]
    public async Task Unknown_kinds_and_short_secrets_are_refused()
    {
        var admin = await _app.SignInAsync();
        var response = await admin.Http.PostAsJsonAsync("/api/channels", new { kind = "fax", name = "", secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(new[] { "kind", "name", "secret" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.Empty(await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/channels") ?? []);
    }

    [Fact]
    public async Task Bad_settings_of_each_kind_are_refused_by_name_and_create_nothing()
    {
        var admin = await _app.SignInAsync();
        var cases = new (string Kind, object Settings, string Field)[]
        {
            ("storefront", new { defaultLanguage = "English" }, "settings.defaultLanguage"),
            ("storefront", new { emailChannelId = "the mailbox" }, "settings.emailChannelId"),
            ("email", new { address = "support at shop" }, "settings.address"),
            ("email", new { address = "support@shop.example", replyTo = "other@shop.example" }, "settings.replyTo"),
            ("messenger", new { pageId = "1048", graphApiBaseUrl = "graph.facebook.com" }, "settings.graphApiBaseUrl"),
            ("messenger", new { verifyToken = "" }, "settings.verifyToken"),
            ("marketplace", new { replyUrl = "javascript:alert(1)" }, "settings.replyUrl"),
            ("shopify", new { replyUrl = "https://relay.example/r" }, "settings.replyUrl"),
        };
        foreach (var (kind, settings, field) in cases)
        {
            var response = await admin.Http.PostAsJsonAsync("/api/channels", new { kind, name = "Channel", secret = "very-secret-value-123", settings });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"{kind}: {errors}");
        }
        Assert.Empty(await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/channels") ?? []);
    }

    [Fact]
    public async Task An_update_with_bad_settings_changes_nothing()
    {
        var admin = await _app.SignInAsync();
        var id = await HelpdeskApp.CreateChannelAsync(admin, "messenger", "facebook-app-secret-0123456789",
            new { pageId = "1048", verifyToken = "verify-0123", pageAccessToken = "page-token-0123", graphApiBaseUrl = "https://graph.example/v21.0" },
            name: "Facebook page");
        var before = await admin.Http.GetStringAsync($"/api/channels/{id}");

        foreach (var (settings, field) in new (object, string)[]
        {
            (new { pageId = "1048", graphApiBaseUrl = "not a url" }, "settings.graphApiBaseUrl"),
            (new { pageId = "1048", replyUrl = "https://relay.example/r" }, "settings.replyUrl"),
            (new { pageId = 1048 }, "settings.pageId"),
        })
        {
            var response = await admin.Http.PutAsJsonAsync($"/api/channels/{id}", new { name = "Renamed page", settings });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        }
        Assert.Equal(before, await admin.Http.GetStringAsync($"/api/channels/{id}"));
        var handshake = await _app.Http().GetAsync(
            $"/api/webhooks/messenger/{id}?hub.mode=subscribe&hub.verify_token=verify-0123&hub.challenge=still-there");
        Assert.Equal("still-there", await handshake.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_channel_stored_by_an_earlier_version_still_reads_and_works()
    {
        var admin = await _app.SignInAsync();
        long id;
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var channel = new Channel
            {
                Kind = ChannelKinds.Messenger, Name = "Facebook page", Secret = "facebook-app-secret-0123456789", CreatedAt = DateTime.UtcNow,
                SettingsJson = """{"pageId":"104811112345678","verifyToken":"demo-verify-token","pageAccessToken":"demo-page-access-token","note":"set by hand"}""",
            };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            id = channel.Id;
        }

        var shown = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/channels/{id}");
        Assert.Equal("""{"pageId":"104811112345678"}""", shown.GetProperty("settings").GetRawText());
        Assert.Equal(["verifyToken", "pageAccessToken"], shown.GetProperty("secretSettings").EnumerateArray().Select(e => e.GetString()));
        var handshake = await _app.Http().GetAsync(
            $"/api/webhooks/messenger/{id}?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=c-1");
        Assert.Equal("c-1", await handshake.Content.ReadAsStringAsync());

        // Saved again, its secrets stay and what this version does not know is let go.
        var updated = await admin.Http.PutAsJsonAsync($"/api/channels/{id}", new { name = "Facebook page", settings = new { pageId = "104811112345678", defaultLanguage = "nb" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        using var check = _app.Services.CreateScope();
        var stored = await check.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Channels.FindAsync(id);
        Assert.Equal("""{"pageId":"104811112345678","verifyToken":"demo-verify-token","pageAccessToken":"demo-page-access-token","defaultLanguage":"nb"}""",
            stored!.SettingsJson);
    }
}
