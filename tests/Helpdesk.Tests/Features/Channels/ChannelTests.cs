using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

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
}
