using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Chat;

/// <summary>A storefront's widget look (colour, corner, greeting), as admins set it and shop pages read it.</summary>
public sealed class WidgetLookTests : IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _channelId;
    private string _publicKey = null!;

    private static readonly object Look = new
    {
        defaultLanguage = "da", color = "#0D6B58", position = "bottom-left",
        greeting = new Dictionary<string, string> { ["en"] = "Hi! Planning a trip north?", ["da"] = "Hej! Skal du nordpå?" },
    };

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        (_channelId, _publicKey) = await _app.CreateStorefrontChannelAsync(_admin, Secret);
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}", new { name = "Test shop", settings = Look })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_shop_page_reads_the_look_and_nothing_else_of_the_channel()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/widget/config?key={_publicKey}");
        request.Headers.Add("Origin", "https://shop.example");
        var response = await _app.Http().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(GetWidgetConfig.CacheFor, response.Headers.CacheControl?.MaxAge);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, raw);
        var config = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(["color", "position", "greeting"], config.EnumerateObject().Select(p => p.Name));
        Assert.Equal("#0d6b58", config.GetProperty("color").GetString());
        Assert.Equal("bottom-left", config.GetProperty("position").GetString());
        Assert.Equal("Hej! Skal du nordpå?", config.GetProperty("greeting").GetProperty("da").GetString());
        Assert.Equal("Hi! Planning a trip north?", config.GetProperty("greeting").GetProperty("en").GetString());
    }

    [Fact]
    public async Task A_storefront_without_a_look_gets_the_widgets_own_and_an_unknown_key_none()
    {
        var (_, plainKey) = await _app.CreateStorefrontChannelAsync(_admin, "another-storefront-secret-01");
        var plain = await _app.Http().GetFromJsonAsync<JsonElement>($"/api/widget/config?key={plainKey}");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("color").ValueKind);
        Assert.Equal("bottom-right", plain.GetProperty("position").GetString());
        Assert.Empty(plain.GetProperty("greeting").EnumerateObject());

        Assert.Equal(HttpStatusCode.NotFound, (await _app.Http().GetAsync("/api/widget/config?key=pk_nobody")).StatusCode);
        var missing = await _app.Http().GetAsync("/api/widget/config");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("key", out _));
    }

    [Theory]
    [InlineData("""{"color":"red;background:url(https://evil.example/x)"}""", "settings.color")]
    [InlineData("""{"color":"expression(alert(1))"}""", "settings.color")]
    [InlineData("""{"color":"#0d6b58;}"}""", "settings.color")]
    [InlineData("""{"color":"#0d6b5"}""", "settings.color")]
    [InlineData("""{"color":"var(--x)"}""", "settings.color")]
    [InlineData("""{"position":"top-left"}""", "settings.position")]
    [InlineData("""{"greeting":{"fr":"Bonjour !"}}""", "settings.greeting")]
    [InlineData("""{"greeting":{"<script>":"Hi"}}""", "settings.greeting")]
    [InlineData("""{"greeting":{"en":"   "}}""", "settings.greeting.en")]
    [InlineData("""{"greeting":{"da":"Hej\u0007"}}""", "settings.greeting.da")]
    [InlineData("""{"greeting":"Hello"}""", "settings.greeting")]
    [InlineData("""{"greeting":{"en":42}}""", "settings.greeting")]
    public async Task A_bad_look_is_refused_by_name_and_changes_nothing(string settings, string field)
    {
        var response = await _admin.Http.PutAsync($"/api/channels/{_channelId}",
            new StringContent($$"""{"name":"Test shop","settings":{{settings}}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{field} in {errors}");
        var config = await _app.Http().GetFromJsonAsync<JsonElement>($"/api/widget/config?key={_publicKey}");
        Assert.Equal("#0d6b58", config.GetProperty("color").GetString());
        Assert.Equal("Hej! Skal du nordpå?", config.GetProperty("greeting").GetProperty("da").GetString());
    }

    [Fact]
    public async Task An_overlong_greeting_is_refused_and_one_at_the_limit_is_kept()
    {
        var longest = new string('a', StorefrontSettingsValidator.GreetingMaxLength);
        var tooLong = await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}",
            new { name = "Test shop", settings = new { greeting = new Dictionary<string, string> { ["lv"] = longest + "a" } } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("settings.greeting.lv", out _));

        (await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}",
            new { name = "Test shop", settings = new { greeting = new Dictionary<string, string> { ["lv"] = longest } } })).EnsureSuccessStatusCode();
        var config = await _app.Http().GetFromJsonAsync<JsonElement>($"/api/widget/config?key={_publicKey}");
        Assert.Equal(longest, config.GetProperty("greeting").GetProperty("lv").GetString());
    }

    // Under a shop's policy that blocks WebSockets, the browser falls back to these; the hub must take them.
    [Theory]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_shopper_chats_without_WebSockets(HttpTransportType transport)
    {
        await _admin.ConnectAsync();
        var session = await (await _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = _publicKey }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var token = session.GetProperty("visitorToken").GetString()!;
        await using var widget = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Address, "/hubs/widget"), o =>
            {
                o.Transports = transport;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var received = new Inboxed<MessageDto>();
        widget.On<MessageDto>("MessageReceived", received.Add);
        await widget.StartAsync();

        var sent = await widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("cm-" + transport, "Does the tent fit two?"));
        var again = await widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput("cm-" + transport, "Does the tent fit two?"));
        Assert.Equal(sent.Id, again.Id);
        await _admin.Messages.WaitForAsync(m => m.Id == sent.Id);
        var reply = await _admin.ReplyAsync(sent.ConversationId, "Yes, two and their packs.");
        Assert.Equal("Yes, two and their packs.", (await received.WaitForAsync(m => m.Id == reply.Id)).Body);
    }
}
