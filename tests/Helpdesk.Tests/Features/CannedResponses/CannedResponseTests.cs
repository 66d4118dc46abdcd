using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.CannedResponses;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.CannedResponses;

public sealed class CannedResponseTests : IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin, Secret)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static object Response(string shortcut = "gift-wrap", string locale = "en", string body = "Hi {{customer.firstName}}, we gift-wrap for free.") =>
        new { shortcut, title = "Gift wrapping", locale, body, purpose = "macro" };

    [Fact]
    public async Task Every_helpdesk_starts_with_after_hours_texts_and_macros_in_five_languages()
    {
        var all = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=after-hours");

        Assert.Equal(["da", "de", "en", "lv", "nb"], all!.Select(r => r.GetProperty("locale").GetString()).Order());
        var macros = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=macro");
        Assert.Contains(macros!, m => m.GetProperty("shortcut").GetString() == "where-is-my-order" && m.GetProperty("locale").GetString() == "lv");
    }

    [Fact]
    public async Task Every_helpdesk_starts_with_the_shipped_question_after_a_resolution_in_five_languages()
    {
        var texts = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=resolution-survey");

        Assert.Equal(
            DefaultResolutionSurveys.All.Select(t => (t.Shortcut, t.Locale, t.Title, t.Body)).OrderBy(t => t.Locale),
            texts!.Select(t => (t.GetProperty("shortcut").GetString()!, t.GetProperty("locale").GetString()!, t.GetProperty("title").GetString()!,
                t.GetProperty("body").GetString()!)).OrderBy(t => t.Item2));
    }

    [Fact]
    public async Task An_unknown_purpose_is_refused_naming_the_purposes_there_are()
    {
        var response = await _admin.Http.GetAsync("/api/canned-responses?purpose=survey");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'purpose' must be macro, after-hours, survey-invitation or resolution-survey.",
            problem.GetProperty("errors").GetProperty("purpose")[0].GetString());
    }

    [Fact]
    public async Task Admins_create_change_and_delete_canned_responses()
    {
        var created = await _admin.Http.PostAsJsonAsync("/api/canned-responses", Response());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var changed = await _admin.Http.PutAsJsonAsync($"/api/canned-responses/{id}", Response(body: "Gift wrapping is free, {{customer.firstName}}."));
        Assert.Equal("Gift wrapping is free, {{customer.firstName}}.", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("body").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Http.DeleteAsync($"/api/canned-responses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.DeleteAsync($"/api/canned-responses/{id}")).StatusCode);
    }

    public static TheoryData<object, string> BadResponses => new()
    {
        { Response(body: "Hi {{customer.age}}!"), "body" },
        { Response(body: "Hi {{customer.firstName"), "body" },
        { Response(body: ""), "body" },
        { Response(shortcut: "Gift Wrap"), "shortcut" },
        { Response(locale: "english"), "locale" },
        { new { shortcut = "x", title = "", locale = "en", body = "Hi", purpose = "macro" }, "title" },
        { new { shortcut = "x", title = "X", locale = "en", body = "Hi", purpose = "spam" }, "purpose" },
        { Response(shortcut: "thanks", locale: "da"), "shortcut" },
    };

    [Theory]
    [MemberData(nameof(BadResponses))]
    public async Task A_bad_canned_response_is_refused_naming_the_field(object request, string field)
    {
        var before = await _admin.Http.GetStringAsync("/api/canned-responses");

        var response = await _admin.Http.PostAsJsonAsync("/api/canned-responses", request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"Expected an error for {field}: {problem}");
        Assert.Equal(before, await _admin.Http.GetStringAsync("/api/canned-responses"));
    }

    [Fact]
    public async Task A_change_to_an_unknown_variable_keeps_the_text_as_it_was()
    {
        var thanks = (await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=macro"))!
            .First(r => r.GetProperty("shortcut").GetString() == "thanks");
        var id = thanks.GetProperty("id").GetInt64();

        var response = await _admin.Http.PutAsJsonAsync($"/api/canned-responses/{id}", Response(shortcut: "thanks", body: "Thanks {{customer.nickname}}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = (await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=macro"))!.First(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal(thanks.GetProperty("body").GetString(), after.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Macros_come_in_the_customers_language_filled_in_for_this_customer_and_agent()
    {
        await using var shopper = await _app.ShopperAsync(new
        {
            publicKey = _publicKey, name = "Signe Madsen", locale = "da-DK",
            identity = new { customerId = "c-77", signature = HelpdeskApp.IdentitySignature(Secret, "c-77") },
        });
        var question = await shopper.SendAsync("Hvor er min pakke?");
        await _app.SubmitOrderAsync(Secret, new
        {
            externalId = "1042", number = "#1042", customer = new { externalId = "c-77" }, placedAt = "2026-11-20T12:00:00Z",
            total = 499m, currency = "DKK", status = "fulfilled",
        });

        var macros = await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/conversations/{question.ConversationId}/canned-responses");

        var whereIs = macros!.Single(m => m.GetProperty("shortcut").GetString() == "where-is-my-order");
        Assert.Equal("da", whereIs.GetProperty("locale").GetString());
        var body = whereIs.GetProperty("body").GetString()!;
        Assert.StartsWith("Hej Signe", body);
        Assert.Contains("din ordre #1042", body);
        Assert.EndsWith(_admin.Name, body);
        Assert.All(macros!, m => Assert.DoesNotContain("{{", m.GetProperty("body").GetString()));
        // The texts the helpdesk sends by itself are not offered for typing.
        Assert.DoesNotContain(macros!, m => m.GetProperty("shortcut").GetString() is "after-hours" or "survey-invitation" or "resolution-survey");
        Assert.Equal(macros!.Select(m => m.GetProperty("shortcut").GetString()).Distinct().Count(), macros!.Length);
    }
}
