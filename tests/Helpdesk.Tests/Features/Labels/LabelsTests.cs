using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Features.Labels;

public sealed class LabelsTests : IAsyncLifetime
{
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

    private async Task<long> ConversationAsync(string question = "Where is my parcel?")
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        return (await shopper.SendAsync(question)).ConversationId;
    }

    private static Task<HttpResponseMessage> SetLabelsAsync(Agent agent, long id, object labels) =>
        agent.Http.PutAsJsonAsync($"/api/conversations/{id}/labels", new { labels });

    private static Task<HttpResponseMessage> SetLabelsRawAsync(Agent agent, long id, string json) =>
        agent.Http.PutAsync($"/api/conversations/{id}/labels", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string[]> LabelsOfAsync(long id) =>
        Names((await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("labels"));

    private async Task<long[]> ListedAsync(string query) =>
        (await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations?status=all&{query}"))
        .EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).Order().ToArray();

    private async Task<JsonElement[]> CatalogueAsync() =>
        (await _admin.Http.GetFromJsonAsync<JsonElement>("/api/labels")).EnumerateArray().ToArray();

    private static string[] Names(JsonElement array) => array.EnumerateArray().Select(l => l.GetString()!).ToArray();

    private async Task<Agent> PlainAgentAsync()
    {
        (await _admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Pia Plain", email = "pia@example.com", password = "pia-password-123", role = "agent", chatCapacity = 3 }))
            .EnsureSuccessStatusCode();
        return await _app.SignInAsync("pia@example.com", "pia-password-123");
    }

    [Fact]
    public async Task Labels_are_stored_lower_case_once_each_added_to_the_catalogue_and_carried_by_summaries()
    {
        var id = await ConversationAsync();

        var response = await SetLabelsAsync(_admin, id, new[] { " Refund ", "REFUND", "Damaged   In Transit", "Größe" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["damaged in transit", "größe", "refund"], Names(body.GetProperty("labels")));
        Assert.Equal(["damaged in transit", "größe", "refund"], await LabelsOfAsync(id));
        var catalogue = await CatalogueAsync();
        Assert.Equal(["damaged in transit", "größe", "refund"], catalogue.Select(l => l.GetProperty("name").GetString()).ToArray());
        Assert.All(catalogue, l => Assert.Equal(1, l.GetProperty("conversations").GetInt32()));
        Assert.All(catalogue, l => Assert.Contains(l.GetProperty("color").GetString(),
            new[] { "gray", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink" }));
        var listed = await _admin.Http.GetFromJsonAsync<JsonElement>("/api/conversations?status=all");
        Assert.Equal(["damaged in transit", "größe", "refund"],
            Names(listed.EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == id).GetProperty("labels")));

        // Setting replaces: what is left out comes off, the catalogue keeps it.
        await SetLabelsAsync(_admin, id, new[] { "refund" });
        Assert.Equal(["refund"], await LabelsOfAsync(id));
        Assert.Equal(3, (await CatalogueAsync()).Length);
        await SetLabelsAsync(_admin, id, Array.Empty<string>());
        Assert.Empty(await LabelsOfAsync(id));
    }

    [Fact]
    public async Task The_label_filter_lists_only_conversations_carrying_that_label_in_any_case()
    {
        var refund = await ConversationAsync("I want my money back");
        var both = await ConversationAsync("Broken, and I want a refund");
        var other = await ConversationAsync("Do you ship to Riga?");
        await SetLabelsAsync(_admin, refund, new[] { "refund" });
        await SetLabelsAsync(_admin, both, new[] { "refund", "damaged" });
        await SetLabelsAsync(_admin, other, new[] { "shipping" });

        Assert.Equal(new[] { refund, both }.Order(), await ListedAsync("label=refund"));
        Assert.Equal(new[] { refund, both }.Order(), await ListedAsync("label=%20Refund"));
        Assert.Equal([both], await ListedAsync("label=damaged"));
        Assert.Empty(await ListedAsync("label=never-used"));
        // Combined with the other filters as usual.
        Assert.Equal(new[] { refund, both }.Order(), await ListedAsync("label=refund&assignee=unassigned"));
        Assert.Equal(new[] { refund, both, other }.Order(), await ListedAsync(""));

        var bad = await _admin.Http.GetAsync("/api/conversations?label=%E2%80%AErefund");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"label\"", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Twenty_labels_of_forty_characters_are_taken()
    {
        var id = await ConversationAsync();
        var labels = Enumerable.Range(0, 20).Select(i => $"{i:00}" + new string('x', 38)).ToArray();

        var response = await SetLabelsAsync(_admin, id, labels);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(labels, await LabelsOfAsync(id));
    }

    public static TheoryData<string> RefusedLabels => new()
    {
        """{ "labels": ["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"] }""",
        $$"""{ "labels": ["{{new string('x', 41)}}"] }""",
        """{ "labels": [""] }""",
        """{ "labels": ["   "] }""",
        """{ "labels": [null] }""",
        """{ "labels": null }""",
        """{ }""",
        """{ "labels": ["\u202Erefund"] }""",
        """{ "labels": ["zero\u200Bwidth"] }""",
        """{ "labels": ["nul\u0000byte"] }""",
        """{ "labels": ["tab\there"] }""",
        """{ "labels": ["line\nbreak"] }""",
        """{ "labels": ["<img src=x onerror=alert(1)>"] }""",
        """{ "labels": ["refund\"; DROP TABLE labels; --"] }""",
        """{ "labels": ["{{customer.name}}"] }""",
        """{ "labels": ["ok", "\uD800"] }""",
    };

    [Theory]
    [MemberData(nameof(RefusedLabels))]
    public async Task Labels_that_are_too_many_too_long_empty_or_hostile_are_refused_naming_labels_and_change_nothing(string json)
    {
        var id = await ConversationAsync();
        await SetLabelsAsync(_admin, id, new[] { "vip" });

        var response = await SetLabelsRawAsync(_admin, id, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("labels", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["vip"], await LabelsOfAsync(id));
        Assert.Equal(["vip"], (await CatalogueAsync()).Select(l => l.GetProperty("name").GetString()).ToArray());
    }

    [Fact]
    public async Task Labels_of_a_conversation_that_does_not_exist_are_not_found_and_add_nothing()
    {
        var response = await SetLabelsAsync(_admin, 987654, new[] { "refund" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await CatalogueAsync());
    }

    [Fact]
    public async Task Any_agent_may_create_a_label_only_admins_rename_recolour_or_delete_one()
    {
        await using var pia = await PlainAgentAsync();

        var created = await pia.Http.PostAsJsonAsync("/api/labels", new { name = "Wholesale", color = "teal" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var label = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wholesale", label.GetProperty("name").GetString());
        Assert.Equal("teal", label.GetProperty("color").GetString());
        var labelId = label.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await pia.Http.PutAsJsonAsync($"/api/labels/{labelId}", new { name = "b2b" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await pia.Http.DeleteAsync($"/api/labels/{labelId}")).StatusCode);
        Assert.Equal("wholesale", (await CatalogueAsync()).Single().GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.Conflict, (await pia.Http.PostAsJsonAsync("/api/labels", new { name = "WHOLESALE" })).StatusCode);
        var badColour = await pia.Http.PostAsJsonAsync("/api/labels", new { name = "other", color = "#ff0000" });
        Assert.Equal(HttpStatusCode.BadRequest, badColour.StatusCode);
        Assert.Contains("\"color\"", await badColour.Content.ReadAsStringAsync());
        var badName = await pia.Http.PostAsJsonAsync("/api/labels", new { name = "\u0007bell" });
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Contains("\"name\"", await badName.Content.ReadAsStringAsync());
        Assert.Single(await CatalogueAsync());
    }

    [Fact]
    public async Task Renaming_and_recolouring_a_label_changes_it_on_every_conversation_and_tells_the_inboxes()
    {
        var first = await ConversationAsync();
        var second = await ConversationAsync("Another one");
        await SetLabelsAsync(_admin, first, new[] { "refund", "urgent" });
        await SetLabelsAsync(_admin, second, new[] { "refund" });
        await SetLabelsAsync(_admin, second, new[] { "refund", "exchange" });
        var refundId = (await CatalogueAsync()).Single(l => l.GetProperty("name").GetString() == "refund").GetProperty("id").GetInt64();
        await _admin.ConnectAsync();

        var renamed = await _admin.Http.PutAsJsonAsync($"/api/labels/{refundId}", new { name = "Refunds", color = "red" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("refunds", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(["refunds", "urgent"], await LabelsOfAsync(first));
        Assert.Equal(["exchange", "refunds"], await LabelsOfAsync(second));
        Assert.Empty(await ListedAsync("label=refund"));
        Assert.Equal(new[] { first, second }.Order(), await ListedAsync("label=refunds"));
        await _admin.Changes.WaitForAsync(c => c.Id == first && c.Labels.Contains("refunds"));
        await _admin.Changes.WaitForAsync(c => c.Id == second && c.Labels.Contains("refunds"));

        // A name taken by another label is refused, and nothing changes.
        var clash = await _admin.Http.PutAsJsonAsync($"/api/labels/{refundId}", new { name = "urgent" });
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal(["refunds", "urgent"], await LabelsOfAsync(first));
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.PutAsJsonAsync("/api/labels/987654", new { color = "red" })).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_label_takes_it_off_every_conversation_and_tells_the_inboxes()
    {
        var first = await ConversationAsync();
        var second = await ConversationAsync("Another one");
        await SetLabelsAsync(_admin, first, new[] { "refund", "urgent" });
        await SetLabelsAsync(_admin, second, new[] { "refund" });
        var refundId = (await CatalogueAsync()).Single(l => l.GetProperty("name").GetString() == "refund").GetProperty("id").GetInt64();
        await _admin.ConnectAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.Http.DeleteAsync($"/api/labels/{refundId}")).StatusCode);

        Assert.Equal(["urgent"], await LabelsOfAsync(first));
        Assert.Empty(await LabelsOfAsync(second));
        Assert.Empty(await ListedAsync("label=refund"));
        Assert.Equal(["urgent"], (await CatalogueAsync()).Select(l => l.GetProperty("name").GetString()).ToArray());
        await _admin.Changes.WaitForAsync(c => c.Id == second && c.Labels.Count == 0);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.DeleteAsync($"/api/labels/{refundId}")).StatusCode);
    }

    [Fact]
    public async Task Labelling_tells_every_inbox_and_not_the_shopper()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        var id = (await shopper.SendAsync("Hello")).ConversationId;
        var statuses = 0;
        shopper.Widget.On<JsonElement>("ConversationStatus", _ => Interlocked.Increment(ref statuses));
        await _admin.ConnectAsync();

        await SetLabelsAsync(_admin, id, new[] { "refund" });

        var change = await _admin.Changes.WaitForAsync(c => c.Id == id && c.Labels.Contains("refund"));
        Assert.Equal("open", change.Status);
        // The shopper hears of a status change, and a label is none.
        await shopper.SendAsync("Still there?");
        Assert.Equal(0, statuses);
    }
}
