using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Conversations;

/// <summary>GET /api/conversations?query=: what agents find, in which order, and what they are shown of it; on SQLite and PostgreSQL.</summary>
public sealed class SearchConversationsTests : IAsyncLifetime
{
    private const string MailSecret = "mail-relay-secret-0123456789";
    private const string StoreSecret = "store-secret-0123456789";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _mailChannel;
    private string _publicKey = null!;
    private int _mails;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _mailChannel = await HelpdeskApp.CreateChannelAsync(_admin, "email", MailSecret, new { address = "support@nordlys.example" });
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin, StoreSecret)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A customer's mail to the shop, through the signed inbound-mail webhook; its conversation's id.</summary>
    private async Task<long> MailAsync(string from, string subject, string body)
    {
        var mime = $"From: {from}\r\nTo: <support@nordlys.example>\r\nSubject: {subject}\r\nMessage-ID: <m{++_mails}@customer.example>\r\n" +
                   "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
        var response = await _app.PostSignedAsync($"/api/webhooks/email/{_mailChannel}", Encoding.UTF8.GetBytes(mime), MailSecret, "message/rfc822");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
    }

    private async Task<JsonElement[]> SearchAsync(string query, string extra = "")
    {
        var response = await _admin.Http.GetAsync($"/api/conversations?query={Uri.EscapeDataString(query)}{extra}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }

    private async Task<long[]> FoundAsync(string query, string extra = "") =>
        (await SearchAsync(query, extra)).Select(c => c.GetProperty("id").GetInt64()).ToArray();

    /// <summary>The marked parts of a result's match, as the inbox would mark them.</summary>
    private static (string Field, string[] Marked) Marked(JsonElement summary)
    {
        var match = summary.GetProperty("match");
        var snippet = match.GetProperty("snippet").GetString()!;
        return (match.GetProperty("field").GetString()!,
            match.GetProperty("highlights").EnumerateArray()
                .Select(h => snippet.Substring(h.GetProperty("start").GetInt32(), h.GetProperty("length").GetInt32())).ToArray());
    }

    [Fact]
    public async Task Words_in_a_mail_find_its_conversation_with_the_words_marked()
    {
        var tent = await MailAsync("Jonas Madsen <jonas@example.dk>", "Tent", "The zipper of my new tent broke on the first night.");
        await MailAsync("Ida Holm <ida@example.dk>", "Shoes", "Do the trail shoes come in size 39?");

        var found = await SearchAsync("zipper tent");

        var result = Assert.Single(found);
        Assert.Equal(tent, result.GetProperty("id").GetInt64());
        var (field, marked) = Marked(result);
        Assert.Equal("message", field);
        Assert.Equal(["zipper", "tent"], marked);
    }

    [Fact]
    public async Task The_last_word_is_found_as_the_start_of_a_word_while_the_agent_types()
    {
        var refund = await MailAsync("Jonas Madsen <jonas@example.dk>", "Money back", "I would like a refund for the stove.");

        Assert.Equal([refund], await FoundAsync("ref"));
        Assert.Equal([refund], await FoundAsync("stove ref"));
        Assert.Empty(await FoundAsync("ref stove-less"));
        Assert.Equal(["refund"], Marked((await SearchAsync("REF"))[0]).Marked);
    }

    [Fact]
    public async Task A_hit_on_the_customer_or_the_subject_ranks_above_a_passing_mention()
    {
        var mention = await MailAsync("Ida Holm <ida@example.dk>", "Shoes",
            "My friend Birgitte said your shop is good, so I wonder whether the trail shoes come in size 39 and in blue.");
        var byName = await MailAsync("Birgitte Lund <bl@example.dk>", "Hello", "Where is my parcel?");
        var inSubject = await MailAsync("Karl Nygaard <karl@example.dk>", "Lantern broken", "It arrived like this.");
        var lanternMention = await MailAsync("Oskar Berg <oskar@example.dk>", "Question",
            "Besides the sleeping bag I also bought a lantern last year, which I like, but today I want to ask about pegs.");

        Assert.Equal([byName, mention], await FoundAsync("birgitte"));
        Assert.Equal("customer", Marked((await SearchAsync("birgitte"))[0]).Field);
        Assert.Equal([inSubject, lanternMention], await FoundAsync("lantern"));
        var (field, marked) = Marked((await SearchAsync("lantern"))[0]);
        Assert.Equal("subject", field);
        Assert.Equal(["Lantern"], marked);
    }

    [Fact]
    public async Task More_mentions_rank_a_conversation_higher()
    {
        await using var once = await _app.ShopperAsync(_publicKey, "Mette");
        var one = await once.SendAsync("Is the kayak paddle in stock?");
        await using var often = await _app.ShopperAsync(_publicKey, "Sven");
        var many = await often.SendAsync("Is the kayak paddle light?");
        await often.SendAsync("And is the paddle long enough for a tall person?");
        await often.SendAsync("I mean the carbon paddle.");

        Assert.Equal([many.ConversationId, one.ConversationId], await FoundAsync("paddle"));
    }

    [Theory]
    [InlineData("Jeg vil gerne bestille rødgrød med fløde til hele familien.", "rødgrød")]
    [InlineData("Jeg vil gerne bestille rødgrød med fløde til hele familien.", "RØDGRØD")]
    [InlineData("Jeg vil gerne bestille rødgrød med fløde til hele familien.", "rødg")]
    [InlineData("Jeg har købt en blåbærtærte.", "blåbærtærte")]
    [InlineData("Mans pasūtījums vēl nav pienācis.", "pasūtījums")]
    [InlineData("Mans pasūtījums vēl nav pienācis.", "pasutijums")]
    [InlineData("Mans pasūtījums vēl nav pienācis.", "pienācis pasūt")]
    [InlineData("Das Paket ging an die falsche Straße.", "Straße")]
    [InlineData("Das Paket ging an die falsche Straße.", "strasse")]
    [InlineData("Das Paket ging an die falsche Strasse.", "straße")]
    [InlineData("Die Größe passt nicht.", "grosse")]
    public async Task Words_with_the_letters_of_the_shops_languages_are_found(string body, string query)
    {
        var id = await MailAsync("Kunde <kunde@example.de>", "Hilfe", body);
        await MailAsync("Other <other@example.de>", "Other", "Nothing to see here.");

        var found = await SearchAsync(query);

        Assert.Equal(id, Assert.Single(found).GetProperty("id").GetInt64());
        Assert.NotEmpty(Marked(found[0]).Marked);
    }

    [Fact]
    public async Task An_order_number_finds_the_conversations_of_the_customer_who_placed_it()
    {
        var mine = await MailAsync("Anna Berg <anna.berg@example.com>", "Where is it?", "Still waiting for my parcel.");
        await MailAsync("Ida Holm <ida@example.dk>", "Parcel", "Still waiting for my parcel too, order 77.");
        await _app.SubmitOrderAsync(StoreSecret, new
        {
            externalId = "ext-1042", number = "#1042", customer = new { email = "anna.berg@example.com", name = "Anna Berg" },
            placedAt = DateTime.UtcNow.AddDays(-3), total = 499m, currency = "DKK", status = "paid",
        });

        foreach (var query in new[] { "#1042", "1042", "104" })
        {
            var found = await SearchAsync(query);
            Assert.Equal(mine, Assert.Single(found).GetProperty("id").GetInt64());
            Assert.Equal("order", Marked(found[0]).Field);
        }
        Assert.Equal(["1042"], Marked((await SearchAsync("#1042"))[0]).Marked);
    }

    [Fact]
    public async Task An_email_address_or_a_phone_number_finds_the_customers_conversations()
    {
        var mine = await MailAsync("Anna Berg <anna.berg@example.com>", "Hello", "Hi there.");
        await MailAsync("Anna Lund <anna.lund@example.net>", "Hello", "Hi there.");
        await _app.SubmitOrderAsync(StoreSecret, new
        {
            externalId = "ext-7", number = "7", customer = new { email = "anna.berg@example.com", phone = "+45 20 12 34 56" },
            placedAt = DateTime.UtcNow.AddDays(-3), total = 10m, currency = "DKK", status = "paid",
        });

        var byEmail = await SearchAsync("anna.berg@example.com");
        Assert.Equal(mine, Assert.Single(byEmail).GetProperty("id").GetInt64());
        Assert.Equal("email", Marked(byEmail[0]).Field);
        Assert.Equal(mine, Assert.Single(await SearchAsync("anna.berg@exa")).GetProperty("id").GetInt64());
        foreach (var phone in new[] { "+45 20 12 34 56", "20123456", "0045 2012 3456", "2012 34" })
        {
            var byPhone = await SearchAsync(phone);
            Assert.Equal(mine, Assert.Single(byPhone).GetProperty("id").GetInt64());
            Assert.Equal("phone", Marked(byPhone[0]).Field);
        }
    }

    [Fact]
    public async Task A_message_is_found_as_soon_as_it_is_acknowledged()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey, "Mette");
        var question = await shopper.SendAsync("Does the hammock fit two people?");
        Assert.Equal([question.ConversationId], await FoundAsync("hammock"));

        await _admin.ConnectAsync();
        await _admin.ReplyAsync(question.ConversationId, "Yes, the double hammock carries 200 kg.");
        await _admin.ReplyAsync(question.ConversationId, "Offer her the quilted underblanket.", isPrivate: true);
        var posted = await _admin.Http.PostAsJsonAsync($"/api/conversations/{question.ConversationId}/messages",
            new { clientMessageId = "rest-1", body = "The carabiners are included too.", isPrivate = false });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        Assert.Equal([question.ConversationId], await FoundAsync("200 kg"));
        Assert.Equal([question.ConversationId], await FoundAsync("underblanket"));
        Assert.Equal([question.ConversationId], await FoundAsync("carabiners"));
    }

    [Fact]
    public async Task A_search_covers_every_status_unless_asked_and_keeps_the_other_filters()
    {
        var open = await MailAsync("Jonas Madsen <jonas@example.dk>", "Compass", "My compass points south.");
        var resolved = await MailAsync("Ida Holm <ida@example.dk>", "Compass too", "My compass is fine now.");
        (await _admin.Http.PostAsJsonAsync($"/api/conversations/{resolved}/status", new { status = "resolved" })).EnsureSuccessStatusCode();
        (await _admin.Http.PostAsJsonAsync($"/api/conversations/{open}/assign", new { agentId = _admin.Id })).EnsureSuccessStatusCode();

        Assert.Equal([open, resolved], (await FoundAsync("compass")).Order().ToArray());
        Assert.Equal([resolved], await FoundAsync("compass", "&status=resolved"));
        Assert.Equal([open], await FoundAsync("compass", "&status=open"));
        Assert.Equal([open], await FoundAsync("compass", "&assignee=me"));
        Assert.Equal([resolved], await FoundAsync("compass", "&assignee=unassigned"));
        Assert.Equal([open, resolved], (await FoundAsync("compass", "&kind=email")).Order().ToArray());
        Assert.Empty(await FoundAsync("compass", "&kind=storefront"));
        Assert.Equal([open], await FoundAsync("compass", "&limit=1&status=open"));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"unterminated phrase")]
    [InlineData("NEAR(tent stove, 2)")]
    [InlineData("tent NOT stove")]
    [InlineData("tent OR")]
    [InlineData("AND")]
    [InlineData("*")]
    [InlineData("tent*")]
    [InlineData("-tent")]
    [InlineData("((((tent")]
    [InlineData("Body: tent")]
    [InlineData("{Body Quoted}: tent")]
    [InlineData("^tent")]
    [InlineData("tent:*")]
    [InlineData("tent & | ! <-> stove")]
    [InlineData("'; DROP TABLE Messages; --")]
    [InlineData("%_\\")]
    [InlineData("\u0000tent")]
    [InlineData("   ")]
    [InlineData("😀 tent")]
    public async Task Hostile_queries_never_fail_the_server(string query)
    {
        await MailAsync("Jonas Madsen <jonas@example.dk>", "Tent", "The tent and the stove.");

        var response = await _admin.Http.GetAsync($"/api/conversations?query={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await response.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
    }

    [Fact]
    public async Task A_query_longer_than_200_characters_is_refused_naming_the_query()
    {
        foreach (var query in new[] { new string('a', 201), string.Concat(Enumerable.Repeat("tent NEAR ", 400)) })
        {
            var response = await _admin.Http.GetAsync($"/api/conversations?query={Uri.EscapeDataString(query)}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("query", out _));
        }
        // Ten thousand characters do not even fit the request line the server reads.
        var huge = await _admin.Http.GetAsync($"/api/conversations?query={Uri.EscapeDataString(string.Concat(Enumerable.Repeat("tent NEAR ", 1000)))}");
        Assert.Equal(HttpStatusCode.RequestUriTooLong, huge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.GetAsync($"/api/conversations?query={new string('a', 200)}")).StatusCode);
    }

    [Fact]
    public async Task Shoppers_cannot_search()
    {
        await using var shopper = await _app.ShopperAsync(_publicKey, "Mette");
        await shopper.SendAsync("Secret question about the hammock.");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/conversations?query=hammock");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", shopper.Token);

        var response = await _app.Http().SendAsync(request);

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.StatusCode.ToString());
    }

    [Fact]
    public async Task A_list_without_a_query_carries_no_match()
    {
        await MailAsync("Jonas Madsen <jonas@example.dk>", "Tent", "The tent.");

        var list = await _admin.Http.GetFromJsonAsync<JsonElement>("/api/conversations");

        Assert.False(list[0].TryGetProperty("match", out _));
    }

    [Fact]
    public async Task The_index_is_filled_from_what_was_stored_before_it_existed()
    {
        var id = await MailAsync("Anna Berg <anna.berg@example.com>", "Thermos", "The thermos leaks.");
        await using (var connection = await _app.OpenDatabaseAsync())
        {
            // As if the conversations had been stored before search existed: the index is taken away and made again.
            var (down, up) = _app.OnPostgres
                ? (Helpdesk.Infrastructure.Data.Migrations.Postgres.ConversationSearch.DownSql, Helpdesk.Infrastructure.Data.Migrations.Postgres.ConversationSearch.UpSql)
                : (Helpdesk.Infrastructure.Data.Migrations.Sqlite.ConversationSearch.DownSql, Helpdesk.Infrastructure.Data.Migrations.Sqlite.ConversationSearch.UpSql);
            await using var drop = connection.CreateCommand();
            drop.CommandText = down;
            await drop.ExecuteNonQueryAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = up;
            await create.ExecuteNonQueryAsync();
        }

        Assert.Equal([id], await FoundAsync("thermos"));
        Assert.Equal([id], await FoundAsync("anna berg"));
    }
}
