using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Chat;

/// <summary>Agents see where a chat's shopper is: the page, where they came from and their device, as the widget last said.</summary>
public sealed class ShopperContextTests : IAsyncLifetime
{
    private const string AndroidChrome =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<HttpResponseMessage> StartAsync(object body, string userAgent = AndroidChrome)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/sessions") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return await _app.Http().SendAsync(request);
    }

    private Task<JsonElement> ContextAsync(long conversationId) =>
        _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}/shopper");

    [Fact]
    public async Task The_agent_sees_the_page_the_referrer_and_the_device_and_each_new_page_replaces_them()
    {
        var first = await StartAsync(new
        {
            publicKey = _publicKey, pageUrl = "https://shop.example/tents/vidde-2", pageTitle = "Vidde 2\u202E tent",
            referrer = "https://www.google.com/", screenWidth = 412,
        });
        first.EnsureSuccessStatusCode();
        var token = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorToken").GetString()!;
        await using var shopper = await _app.ShopperAsync(new { publicKey = _publicKey, visitorToken = token });
        var conversationId = (await shopper.SendAsync("Is the tent waterproof?")).ConversationId;

        var context = await ContextAsync(conversationId);
        Assert.Equal("https://shop.example/tents/vidde-2", context.GetProperty("pageUrl").GetString());
        Assert.Equal("Vidde 2 tent", context.GetProperty("pageTitle").GetString());
        Assert.Equal("https://www.google.com/", context.GetProperty("referrer").GetString());
        Assert.Equal(("Chrome", "Android", "phone"), (context.GetProperty("browser").GetString(),
            context.GetProperty("operatingSystem").GetString(), context.GetProperty("deviceKind").GetString()));

        // The shopper goes on to the checkout, from within the shop.
        (await StartAsync(new { publicKey = _publicKey, visitorToken = token, pageUrl = "https://shop.example/checkout", screenWidth = 412 }))
            .EnsureSuccessStatusCode();
        context = await ContextAsync(conversationId);
        Assert.Equal("https://shop.example/checkout", context.GetProperty("pageUrl").GetString());
        Assert.Equal(JsonValueKind.Null, context.GetProperty("referrer").ValueKind);
        Assert.Equal(JsonValueKind.Null, context.GetProperty("pageTitle").ValueKind);
    }

    [Fact]
    public async Task Addresses_that_are_not_web_pages_and_oversized_fields_are_refused_naming_the_field()
    {
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { publicKey = _publicKey, pageUrl = "javascript:alert(1)" }, "pageUrl"),
                     (new { publicKey = _publicKey, pageUrl = "data:text/html,<script>alert(1)</script>" }, "pageUrl"),
                     (new { publicKey = _publicKey, pageUrl = "https://shop.example/" + new string('a', 2100) }, "pageUrl"),
                     (new { publicKey = _publicKey, pageUrl = "https://shop.example/", referrer = "file:///etc/passwd" }, "referrer"),
                     (new { publicKey = _publicKey, pageUrl = "https://shop.example/", pageTitle = new string('t', 201) }, "pageTitle"),
                     (new { publicKey = _publicKey, screenWidth = -1 }, "screenWidth"),
                 })
        {
            var refused = await StartAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Only_agents_see_where_a_shopper_is()
    {
        await using var shopper = await _app.ShopperAsync(new { publicKey = _publicKey, pageUrl = "https://shop.example/" });
        var conversationId = (await shopper.SendAsync("Hello")).ConversationId;
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().GetAsync($"/api/conversations/{conversationId}/shopper")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.GetAsync("/api/conversations/999999/shopper")).StatusCode);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 390, "Safari", "iOS", "phone")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 1920, "Edge", "Windows", "desktop")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0", 1440, "Firefox", "macOS", "desktop")]
    [InlineData("Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", 800, "Chrome", "Android", "tablet")]
    [InlineData("curl/8.0", null, null, null, null)]
    public void The_device_is_read_from_the_user_agent_and_screen(string ua, int? width, string? browser, string? system, string? kind) =>
        Assert.Equal((browser, system, kind), ShopperContext.Device(ua, width));
}
