using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Features.Surveys;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Features.Surveys;

/// <summary>Asking how it went each time a conversation is resolved: through real chats, mails and Messenger, moved in time.</summary>
public sealed class AfterResolutionSurveyTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_resolved_chat_is_asked_in_the_widget_after_the_delay_and_stays_resolved()
    {
        await using var shop = await SurveyShop.StartAsync();
        await using var shopper = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Mette", locale = "da" });
        var asked = await shopper.SendAsync("Kan jeg bytte til en større størrelse?");
        await shop.Admin.ConnectAsync();
        await shop.Admin.ReplyAsync(asked.ConversationId, "Ja, det kan du sagtens.");
        await ResolveAsync(shop.Admin, asked.ConversationId);

        shop.Advance(Minute * 4);
        await SurveyShop.QuietAsync();
        Assert.DoesNotContain(shopper.Messages.All, m => m.Sender == "auto");

        shop.Advance(Minute);
        var invitation = await shopper.Messages.WaitForAsync(m => m.Sender == "auto");
        Assert.Equal(asked.ConversationId, invitation.ConversationId);
        Assert.Contains("Hvordan klarede vi det?", invitation.Body);
        Assert.StartsWith("Tak fordi du kontaktede Nordlys Outdoor, Mette. Hvordan klarede vi det?", invitation.Body);
        var token = TokenIn(invitation.Body);
        Assert.Contains($"https://help.shop.example/survey/{token}", invitation.Body);
        Assert.Empty(shop.Invitations());

        var admin = await shop.FreshAdminAsync();
        var conversation = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{asked.ConversationId}");
        Assert.Equal("resolved", conversation.GetProperty("status").GetString());
        var page = await shop.App.Http().GetFromJsonAsync<JsonElement>($"/api/surveys/{token}");
        Assert.Equal("conversation", page.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("orderNumber").ValueKind);
        Assert.Equal("da", page.GetProperty("locale").GetString());
        Assert.False(page.GetProperty("answered").GetBoolean());

        var item = Assert.Single((await shop.ResultsAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal("conversation", item.GetProperty("kind").GetString());
        Assert.Equal(asked.ConversationId, item.GetProperty("conversationId").GetInt64());
        Assert.Equal(shop.Admin.Id, item.GetProperty("agent").GetProperty("id").GetInt64());
        Assert.Equal("widget", item.GetProperty("channel").GetString());

        (await shop.App.Http().PostAsJsonAsync($"/api/surveys/{token}", new { score = 5 })).EnsureSuccessStatusCode();
        Assert.True((await shop.App.Http().GetFromJsonAsync<JsonElement>($"/api/surveys/{token}")).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task A_resolved_mail_is_asked_in_its_thread_with_the_link()
    {
        await using var shop = await SurveyShop.StartAsync();
        var mime = "From: Katrin Schulz <katrin@example.de>\r\nTo: <support@shop.example>\r\nSubject: Umtausch\r\n" +
                   "Message-ID: <umtausch-1@example.de>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nKann ich die Jacke umtauschen?\r\n";
        var received = await shop.App.PostSignedAsync($"/api/webhooks/email/{shop.MailChannelId}", Encoding.UTF8.GetBytes(mime),
            SurveyShop.MailSecret, "message/rfc822");
        var id = (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        await ResolveAsync(shop.Admin, id);

        shop.Advance(Minute * 5);
        var mail = Assert.Single(await shop.InvitationsAsync(1));
        Assert.Equal("katrin@example.de", mail.To.Mailboxes.Single().Address);
        Assert.Contains($"#{id}", mail.Subject);
        Assert.Contains("<umtausch-1@example.de>", mail.Headers["In-Reply-To"]);
        var token = SurveyShop.Token(mail);
        Assert.Contains($"How did we do? Rate us from 1 to 5: https://help.shop.example/survey/{token}", mail.TextBody);
        Assert.Contains($"<https://help.shop.example/api/surveys/{token}/unsubscribe>", mail.Headers["List-Unsubscribe"]);
        var item = (await shop.ResultsAsync()).GetProperty("items")[0];
        Assert.Equal("email", item.GetProperty("channel").GetString());
        Assert.Equal(id, item.GetProperty("conversationId").GetInt64());
    }

    [Fact]
    public async Task Messenger_is_asked_within_its_24_hours_and_after_them_the_survey_is_recorded_as_not_sent()
    {
        await using var shop = await SurveyShop.StartAsync();
        await using var graph = await FakeRemote.StartAsync();
        graph.Respond = _ => Task.FromResult((200, """{"recipient_id":"7001","message_id":"m_out"}"""));
        const string appSecret = "facebook-app-secret-0123456789";
        var page = await HelpdeskApp.CreateChannelAsync(shop.Admin, "messenger", appSecret, new
        {
            verifyToken = "verify", pageAccessToken = "page-token-0123456789", pageId = "1048",
            graphApiBaseUrl = new Uri(graph.Address, "/v21.0").ToString(),
        });
        async Task<long> WriteAsync(string mid, string text)
        {
            var at = shop.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var webhook = Encoding.UTF8.GetBytes($$$"""
                {"object":"page","entry":[{"id":"1048","time":{{{at}}},"messaging":[
                  {"sender":{"id":"7001"},"recipient":{"id":"1048"},"timestamp":{{{at}}},"message":{"mid":"{{{mid}}}","text":"{{{text}}}"}}]}]}
                """);
            (await shop.App.PostSignedAsync($"/api/webhooks/messenger/{page}", webhook, appSecret, header: "X-Hub-Signature-256"))
                .EnsureSuccessStatusCode();
            var admin = await shop.FreshAdminAsync();
            return (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?kind=messenger"))!.Single().GetProperty("id").GetInt64();
        }

        var chat = await WriteAsync("m_1", "Has my parcel left?");
        await ResolveAsync(shop.Admin, chat);
        shop.Advance(Minute * 5);
        var sent = await Eventually.Until(() => Task.FromResult(graph.Requests.ToArray()), r => r.Length >= 1);
        var payload = JsonDocument.Parse(Assert.Single(sent).Body).RootElement;
        Assert.Equal("RESPONSE", payload.GetProperty("messaging_type").GetString());
        Assert.Contains("https://help.shop.example/survey/", payload.GetProperty("message").GetProperty("text").GetString());

        // Asked a day and more after the customer's last word: Messenger would refuse it, so it is not sent.
        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings", new
        {
            enabled = true, trigger = "delivered", delayHours = 24, cooldownDays = 30, lowScoreThreshold = 2,
            afterResolution = new { enabled = true, delayMinutes = 25 * 60 },
        })).EnsureSuccessStatusCode();
        Assert.Equal(chat, await WriteAsync("m_2", "One more thing: can I change the address?"));
        await ResolveAsync(await shop.FreshAdminAsync(), chat);
        shop.Advance(TimeSpan.FromHours(25));
        await Eventually.Until(() => SurveysAsync(shop), s => s.Count == 2 && s[1].Status == SurveyStatuses.Skipped);
        await SurveyShop.QuietAsync();
        Assert.Single(graph.Requests);
        var surveys = await SurveysAsync(shop);
        Assert.Equal(SurveyStatuses.Sent, surveys[0].Status);
        Assert.Equal("messenger-window", surveys[1].SkipReason);
    }

    [Fact]
    public async Task Each_resolution_asks_once_and_a_reopening_before_it_is_due_cancels_its_question()
    {
        await using var shop = await SurveyShop.StartAsync();
        await using var shopper = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Ola", locale = "nb-NO" });
        var asked = await shopper.SendAsync("Hvor lang er leveringstiden?");
        await ResolveAsync(shop.Admin, asked.ConversationId);
        await ResolveAsync(shop.Admin, asked.ConversationId); // resolving what is resolved is no second resolution
        shop.Advance(Minute * 5);
        var first = await shopper.Messages.WaitForAsync(m => m.Sender == "auto");
        Assert.Contains("Hvordan gjorde vi det?", first.Body);

        // Back with a question (in the widget, a new chat): resolved, reopened by the agent within the delay, resolved once more.
        var again = await shopper.SendAsync("Og til Tromsø?");
        await ResolveAsync(shop.Admin, again.ConversationId);
        shop.Advance(Minute * 2);
        var admin = await shop.FreshAdminAsync();
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{again.ConversationId}/status", new { status = "open" })).EnsureSuccessStatusCode();
        shop.Advance(Minute);
        await ResolveAsync(admin, again.ConversationId);
        shop.Advance(Minute * 5);
        var second = await shopper.Messages.WaitForAsync(m => m.Sender == "auto" && m.Id != first.Id);
        Assert.Equal(again.ConversationId, second.ConversationId);
        await SurveyShop.QuietAsync();

        var autos = shopper.Messages.All.Where(m => m.Sender == "auto").ToList();
        Assert.Equal(2, autos.Count);
        Assert.NotEqual(TokenIn(autos[0].Body), TokenIn(autos[1].Body));
        var surveys = await SurveysAsync(shop);
        Assert.Equal([SurveyStatuses.Sent, SurveyStatuses.Skipped, SurveyStatuses.Sent], surveys.Select(s => s.Status));
        Assert.Equal("reopened", surveys[1].SkipReason);
        Assert.Equal(3, surveys.Select(s => s.ResolvedAt).Distinct().Count());
    }

    [Fact]
    public async Task Switched_off_nobody_is_asked_and_a_marketplace_is_never_asked()
    {
        await using var shop = await SurveyShop.StartAsync();
        var marketplace = await HelpdeskApp.CreateChannelAsync(shop.Admin, "marketplace", SurveyShop.MarketplaceSecret,
            new { replyUrl = "http://127.0.0.1:9/replies" });
        var question = JsonSerializer.SerializeToUtf8Bytes(new
        {
            marketplace = "ebay", messageId = "M-1", threadId = "T-1", buyer = new { id = "B-1", name = "Ola" },
            body = "Where is my parcel?", sentAt = shop.Time.GetUtcNow(),
        });
        var onMarketplace = (await (await shop.App.PostSignedAsync($"/api/webhooks/marketplace/{marketplace}", question, SurveyShop.MarketplaceSecret))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();
        await ResolveAsync(shop.Admin, onMarketplace);

        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings", new
        {
            enabled = true, trigger = "delivered", delayHours = 24, cooldownDays = 30, lowScoreThreshold = 2,
            afterResolution = new { enabled = false, delayMinutes = 5 },
        })).EnsureSuccessStatusCode();
        await using var shopper = await shop.App.ShopperAsync(shop.PublicKey, "Mette");
        var asked = await shopper.SendAsync("Hello?");
        await ResolveAsync(shop.Admin, asked.ConversationId);
        shop.Advance(Minute * 10);
        await SurveyShop.QuietAsync();

        Assert.Empty(await SurveysAsync(shop));
        Assert.DoesNotContain(shopper.Messages.All, m => m.Sender == "auto");
    }

    [Fact]
    public async Task The_answer_is_credited_to_who_resolved_it_and_a_low_score_opens_a_follow_up_at_the_top()
    {
        await using var shop = await SurveyShop.StartAsync();
        var (email, password) = await TwoNodes.NewAgentAsync(shop.Admin);
        await using var jonas = await shop.App.SignInAsync(email, password);
        await using var shopper = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Mette", locale = "da" });
        var asked = await shopper.SendAsync("Lynlåsen er gået i stykker.");
        await shop.Admin.ConnectAsync();
        await shop.Admin.ReplyAsync(asked.ConversationId, "Det må du undskylde. Send den retur, så ordner vi det.");
        // Assigned to the admin (who answered), resolved by Jonas, then handed to the admin again.
        await ResolveAsync(jonas, asked.ConversationId);
        (await shop.Admin.Http.PostAsJsonAsync($"/api/conversations/{asked.ConversationId}/assign", new { agentId = shop.Admin.Id }))
            .EnsureSuccessStatusCode();
        shop.Advance(Minute * 5);
        var token = TokenIn((await shopper.Messages.WaitForAsync(m => m.Sender == "auto")).Body);

        var answered = await shop.App.Http().PostAsJsonAsync($"/api/surveys/{token}", new { score = 2, comment = "Det tog alt for lang tid." });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("conversation", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());

        var item = (await shop.ResultsAsync()).GetProperty("items")[0];
        Assert.Equal(jonas.Id, item.GetProperty("agent").GetProperty("id").GetInt64());
        Assert.Equal(2, item.GetProperty("score").GetInt32());
        var followUpId = item.GetProperty("followUpConversationId").GetInt64();
        var admin = await shop.FreshAdminAsync();
        var queue = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal(followUpId, queue![0].GetProperty("id").GetInt64());
        Assert.Equal("Din feedback på vores hjælp", queue[0].GetProperty("subject").GetString());
        Assert.StartsWith("Survey score 2/5", queue[0].GetProperty("priority").GetProperty("reason").GetString());
        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{followUpId}");
        Assert.Equal("follow-up", detail.GetProperty("surveyRole").GetString());
        Assert.Equal("Det tog alt for lang tid.", detail.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Contains($"conversation #{asked.ConversationId}: 2/5", detail.GetProperty("messages")[1].GetProperty("body").GetString());
        // The follow-up reaches the shopper where the question was asked: in the chat.
        Assert.Equal("storefront", detail.GetProperty("channel").GetProperty("kind").GetString());

        // Resolving the follow-up asks about nothing new: the customer has not written in it beyond their comment.
        await ResolveAsync(admin, followUpId);
        shop.Advance(Minute * 10);
        await SurveyShop.QuietAsync();
        Assert.Single(await SurveysAsync(shop));
    }

    [Fact]
    public async Task An_admins_Danish_question_is_what_a_Danish_customer_is_asked_with_the_name_of_the_agent_who_resolved()
    {
        await using var shop = await SurveyShop.StartAsync();
        var danish = (await shop.Admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=resolution-survey"))!
            .Single(t => t.GetProperty("locale").GetString() == "da");
        (await shop.Admin.Http.PutAsJsonAsync($"/api/canned-responses/{danish.GetProperty("id").GetInt64()}", new
        {
            shortcut = "resolution-survey", title = "Var du tilfreds?", locale = "da", purpose = "resolution-survey",
            body = "Hej {{customer.firstName}}, det var {{agent.name}} fra {{store.name}}. Var du tilfreds med hjælpen? {{survey.url}}",
        })).EnsureSuccessStatusCode();
        var (email, password) = await TwoNodes.NewAgentAsync(shop.Admin);
        await using var jonas = await shop.App.SignInAsync(email, password);
        await using var dane = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Mette Kristensen", locale = "da-DK" });
        await using var english = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Emma Hill", locale = "en-GB" });
        var danishChat = await dane.SendAsync("Har I jakken i str. L?");
        var englishChat = await english.SendAsync("Do you ship to Scotland?");
        await ResolveAsync(jonas, danishChat.ConversationId);
        await ResolveAsync(jonas, englishChat.ConversationId);

        shop.Advance(Minute * 5);
        var asked = await dane.Messages.WaitForAsync(m => m.Sender == "auto");
        var token = TokenIn(asked.Body);
        Assert.Equal(
            $"Hej Mette, det var Jonas fra Nordlys Outdoor. Var du tilfreds med hjælpen? https://help.shop.example/survey/{token}\n\n" +
            $"Vil du ikke have flere undersøgelser? Afmeld her: https://help.shop.example/survey/{token}?unsubscribe=1", asked.Body);
        // The other languages keep the shipped words.
        var englishAsked = await english.Messages.WaitForAsync(m => m.Sender == "auto");
        Assert.StartsWith("Thank you for contacting Nordlys Outdoor, Emma. How did we do? Rate us from 1 to 5: https://help.shop.example/survey/",
            englishAsked.Body);
    }

    [Fact]
    public async Task With_every_question_deleted_the_customer_is_still_asked_in_their_language()
    {
        await using var shop = await SurveyShop.StartAsync();
        foreach (var text in (await shop.Admin.Http.GetFromJsonAsync<JsonElement[]>("/api/canned-responses?purpose=resolution-survey"))!)
            (await shop.Admin.Http.DeleteAsync($"/api/canned-responses/{text.GetProperty("id").GetInt64()}")).EnsureSuccessStatusCode();
        await using var shopper = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, name = "Katrin Schulz", locale = "de-DE" });
        var chat = await shopper.SendAsync("Kann ich die Jacke umtauschen?");
        await ResolveAsync(shop.Admin, chat.ConversationId);

        shop.Advance(Minute * 5);
        var asked = await shopper.Messages.WaitForAsync(m => m.Sender == "auto");
        var token = TokenIn(asked.Body);
        Assert.StartsWith("Danke, dass Sie sich an Nordlys Outdoor gewandt haben. Wie gut konnten wir Ihnen helfen? " +
            $"Bewerten Sie uns von 1 bis 5: https://help.shop.example/survey/{token}\n\nSie möchten keine Umfragen mehr erhalten?", asked.Body);
        Assert.Equal("de", (await shop.App.Http().GetFromJsonAsync<JsonElement>($"/api/surveys/{token}")).GetProperty("locale").GetString());
    }

    [Fact]
    public async Task After_resolution_settings_are_validated_and_kept_when_an_older_client_leaves_them_out()
    {
        await using var shop = await SurveyShop.StartAsync();
        var defaults = await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings");
        Assert.True(defaults.GetProperty("afterResolution").GetProperty("enabled").GetBoolean());
        Assert.Equal(5, defaults.GetProperty("afterResolution").GetProperty("delayMinutes").GetInt32());

        foreach (var (after, field) in new (object, string)[]
                 {
                     (new { enabled = true, delayMinutes = -1 }, "afterResolution.delayMinutes"),
                     (new { enabled = true, delayMinutes = 10081 }, "afterResolution.delayMinutes"),
                     (new { enabled = (bool?)null, delayMinutes = 5 }, "afterResolution.enabled"),
                 })
        {
            var refused = await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
                new { enabled = false, trigger = "delivered", delayHours = 1, cooldownDays = 30, lowScoreThreshold = 2, afterResolution = after });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(defaults.ToString(), (await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings")).ToString());

        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings", new
        {
            enabled = true, trigger = "delivered", delayHours = 24, cooldownDays = 30, lowScoreThreshold = 2,
            afterResolution = new { enabled = false, delayMinutes = 10080 },
        })).EnsureSuccessStatusCode();
        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
            new { enabled = true, trigger = "fulfilled", delayHours = 24, cooldownDays = 30, lowScoreThreshold = 2 })).EnsureSuccessStatusCode();
        var saved = await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings");
        Assert.Equal("fulfilled", saved.GetProperty("trigger").GetString());
        Assert.False(saved.GetProperty("afterResolution").GetProperty("enabled").GetBoolean());
        Assert.Equal(10080, saved.GetProperty("afterResolution").GetProperty("delayMinutes").GetInt32());
    }

    private static async Task ResolveAsync(Agent agent, long conversationId) =>
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/status", new { status = "resolved" })).EnsureSuccessStatusCode();

    private static string TokenIn(string body) => Regex.Match(body, @"/survey/([A-Za-z0-9_-]{43})\b").Groups[1].Value is { Length: 43 } token
        ? token : throw new Xunit.Sdk.XunitException($"No survey link in: {body}");

    private static async Task<List<Survey>> SurveysAsync(SurveyShop shop)
    {
        using var scope = shop.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        return await db.Surveys.AsNoTracking().Where(s => s.Kind == SurveyKinds.Conversation).OrderBy(s => s.Id).ToListAsync();
    }
}
