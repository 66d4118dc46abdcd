using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Conversations;

/// <summary>A long conversation opens with its latest messages; older ones come a page at a time.</summary>
public sealed class ConversationMessagePagesTests
{
    private static async Task<(HelpdeskApp App, Agent Admin, long ConversationId, long[] Ids)> LongConversationAsync(int messages)
    {
        var app = new HelpdeskApp();
        var admin = await app.SignInAsync();
        var (_, key) = await app.CreateStorefrontChannelAsync(admin);
        await using var shopper = await app.ShopperAsync(key);
        var ids = new List<long>();
        long conversationId = 0;
        for (var i = 1; i <= messages; i++)
        {
            var m = await shopper.SendAsync($"Message {i}");
            conversationId = m.ConversationId;
            ids.Add(m.Id);
        }
        return (app, admin, conversationId, ids.ToArray());
    }

    private static long[] Ids(JsonElement messages) => messages.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).ToArray();

    [Fact]
    public async Task A_long_conversation_opens_with_its_latest_fifty_messages()
    {
        var (app, admin, id, ids) = await LongConversationAsync(120);
        await using var _ = app;
        await using var __ = admin;

        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

        Assert.Equal(ids[^50..], Ids(detail.GetProperty("messages")));
        Assert.True(detail.GetProperty("hasMoreMessages").GetBoolean());
    }

    [Fact]
    public async Task Older_messages_come_a_page_at_a_time_until_the_first()
    {
        var (app, admin, id, ids) = await LongConversationAsync(120);
        await using var _ = app;
        await using var __ = admin;

        var seen = Ids((await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}")).GetProperty("messages")).ToList();
        var pages = new List<int>();
        while (true)
        {
            var page = Ids(await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}/messages?before={seen[0]}&limit=50"));
            if (page.Length == 0) break;
            pages.Add(page.Length);
            seen.InsertRange(0, page);
        }

        Assert.Equal([50, 20], pages);
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task A_short_conversation_has_no_more_messages()
    {
        var (app, admin, id, ids) = await LongConversationAsync(3);
        await using var _ = app;
        await using var __ = admin;

        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");

        Assert.Equal(ids, Ids(detail.GetProperty("messages")));
        Assert.False(detail.GetProperty("hasMoreMessages").GetBoolean());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=-5")]
    public async Task A_page_size_outside_one_to_a_hundred_is_refused_naming_the_limit(string query)
    {
        var (app, admin, id, ids) = await LongConversationAsync(1);
        await using var _ = app;
        await using var __ = admin;

        var response = await admin.Http.GetAsync($"/api/conversations/{id}/messages?before={ids[0]}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out var limitErrors));
    }

    [Fact]
    public async Task Pages_of_a_conversation_that_does_not_exist_are_not_found()
    {
        await using var app = new HelpdeskApp();
        await using var admin = await app.SignInAsync();

        var response = await admin.Http.GetAsync("/api/conversations/987654/messages?before=5");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Pages_are_for_signed_in_agents_only()
    {
        var (app, admin, id, ids) = await LongConversationAsync(1);
        await using var _ = app;
        await using var __ = admin;

        var response = await app.Http().GetAsync($"/api/conversations/{id}/messages?before={ids[0] + 1}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
