using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Chat;

/// <summary>
/// The shopper's language, as their widget chose it, is the customer's: the agent's canned responses, the
/// after-hours reply and surveys follow it. A shopper without a name is called by a readable one.
/// </summary>
public sealed class ShopperLanguageTests : IAsyncLifetime
{
    // Monday 23 November 2026 at 21:00 in Copenhagen: the shop closed at 17:00.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;
    private Agent _admin = null!;
    private long _channelId;
    private string _publicKey = null!;

    public ShopperLanguageTests() => _app = new HelpdeskApp(time: _time);

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        (_channelId, _publicKey) = await _app.CreateStorefrontChannelAsync(_admin);
        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" };
        (await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}/business-hours", new
        {
            timeZone = "Europe/Copenhagen",
            weekly = weekdays.Select(day => new { day, open = "09:00", close = "17:00" }),
            exceptions = Array.Empty<object>(),
        })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement[]> OfferedAsync(long conversationId) =>
        (await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/conversations/{conversationId}/canned-responses"))!;

    private Task<JsonElement> SummaryAsync(long conversationId) =>
        _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}");

    [Fact]
    public async Task A_Danish_shopper_is_offered_Danish_responses_first_and_a_later_choice_of_language_is_followed()
    {
        // A macro the shop wrote only in English is still offered, after the Danish ones.
        (await _admin.Http.PostAsJsonAsync("/api/canned-responses", new
        {
            shortcut = "aaa-gift-wrap", title = "Gift wrapping", locale = "en", purpose = "macro", body = "We gift-wrap for free.",
        })).EnsureSuccessStatusCode();
        (await _admin.Http.PostAsJsonAsync("/api/canned-responses", new
        {
            shortcut = "zz-sizes", title = "Størrelser", locale = "da", purpose = "macro", body = "Støvlerne er små i størrelsen.",
        })).EnsureSuccessStatusCode();

        await using var shopper = await _app.ShopperAsync(new { publicKey = _publicKey, name = "Signe Madsen", locale = "da-DK" });
        var question = await shopper.SendAsync("Hej, har I de her støvler i 38?");
        var reply = await shopper.Messages.WaitForAsync(m => m.Sender == Senders.Auto);
        Assert.StartsWith("Hej Signe", reply.Body);

        var offered = await OfferedAsync(question.ConversationId);
        var locales = offered.Select(o => o.GetProperty("locale").GetString()).ToList();
        Assert.Equal("da", locales[0]);
        Assert.Contains(offered, o => o.GetProperty("shortcut").GetString() == "zz-sizes");
        // Every Danish one before the first in another language.
        Assert.True(locales.FindLastIndex(l => l == "da") < locales.FindIndex(l => l != "da"), string.Join(",", locales));
        Assert.Equal("aaa-gift-wrap", offered[^1].GetProperty("shortcut").GetString());

        // The shopper's browser now asks for German: the same customer is German from now on.
        await using var again = await _app.ShopperAsync(new { publicKey = _publicKey, visitorToken = shopper.Token, locale = "de" });
        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{shopper.Session.GetProperty("customerId").GetInt64()}");
        Assert.Equal("de", customer.GetProperty("locale").GetString());
        Assert.Equal("de", (await OfferedAsync(question.ConversationId))[0].GetProperty("locale").GetString());
    }

    [Fact]
    public async Task A_locale_that_is_not_a_language_tag_is_refused_naming_locale_and_changes_nothing()
    {
        await using var shopper = await _app.ShopperAsync(new { publicKey = _publicKey, locale = "da" });
        foreach (var locale in new[] { "<script>", "da DK", new string('a', 40), "123" })
        {
            var refused = await _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = _publicKey, visitorToken = shopper.Token, locale });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("locale", out _), locale);
        }
        var customer = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{shopper.Session.GetProperty("customerId").GetInt64()}");
        Assert.Equal("da", customer.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task Shoppers_without_a_name_get_distinct_readable_names_from_their_time_zone_until_they_give_one()
    {
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            await using var visitor = await _app.ShopperAsync(new { publicKey = _publicKey, timeZone = "Europe/Copenhagen" });
            ids.Add((await visitor.SendAsync($"Hello from visitor {i}")).ConversationId);
        }
        var names = new List<(string City, string Colour, string Animal)>();
        foreach (var id in ids)
        {
            var customer = (await SummaryAsync(id)).GetProperty("customer");
            Assert.Equal("Visitor", customer.GetProperty("name").GetString());
            var name = customer.GetProperty("anonymousName");
            names.Add((name.GetProperty("city").GetString()!, name.GetProperty("colour").GetString()!, name.GetProperty("animal").GetString()!));
        }
        Assert.All(names, n => Assert.Equal("Copenhagen", n.City));
        Assert.Equal(names.Count, names.Select(n => (n.Colour, n.Animal)).Distinct().Count());
        Assert.All(names, n => Assert.Contains(n.Colour, AnonymousNames.Colours));
        Assert.All(names, n => Assert.Contains(n.Animal, AnonymousNames.Animals));

        // The same visitor keeps the same name; once they give their own, that is what agents see.
        var first = (await SummaryAsync(ids[0])).GetProperty("customer").GetProperty("anonymousName");
        Assert.Equal(names[0].Colour, first.GetProperty("colour").GetString());
        await using var named = await _app.ShopperAsync(new { publicKey = _publicKey, name = "Mette", timeZone = "Europe/Copenhagen" });
        var mette = (await SummaryAsync((await named.SendAsync("Hej")).ConversationId)).GetProperty("customer");
        Assert.Equal("Mette", mette.GetProperty("name").GetString());
        Assert.True(!mette.TryGetProperty("anonymousName", out var none) || none.ValueKind == JsonValueKind.Null);
    }

    [Theory]
    [InlineData("Europe/Copenhagen", "Copenhagen")]
    [InlineData("America/Argentina/Buenos_Aires", "Buenos Aires")]
    [InlineData("UTC", null)]
    [InlineData("Etc/GMT+1", null)]
    [InlineData(null, null)]
    public void The_city_is_the_time_zones_own(string? zone, string? city) => Assert.Equal(city, AnonymousNames.City(zone));

    [Fact]
    public void Visitors_arriving_one_after_another_never_share_a_colour_and_animal()
    {
        var pairs = AnonymousNames.Colours.Length * AnonymousNames.Animals.Length;
        var names = Enumerable.Range(1000, pairs).Select(id => AnonymousNames.For(id, null)).Select(n => (n.Colour, n.Animal));
        Assert.Equal(pairs, names.Distinct().Count());
        Assert.Equal(AnonymousNames.For(42, "Europe/Riga"), AnonymousNames.For(42, "Europe/Riga"));
    }
}
