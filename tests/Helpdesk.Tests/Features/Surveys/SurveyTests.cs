using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Surveys;
using Helpdesk.Infrastructure.Data;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Surveys;

public sealed class SurveyTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task A_delivered_order_gets_one_invitation_after_the_delay_however_often_its_webhook_comes()
    {
        await using var shop = await SurveyShop.StartAsync();
        for (var i = 0; i < 3; i++) await shop.OrderAsync(SurveyShop.Order("1001"));

        shop.Advance(TimeSpan.FromHours(23));
        await SurveyShop.QuietAsync();
        Assert.Empty(shop.Invitations());

        shop.Advance(TimeSpan.FromHours(1));
        var mail = Assert.Single(await shop.InvitationsAsync(1));
        Assert.Equal("mette@example.dk", mail.To.Mailboxes.Single().Address);
        Assert.Equal("support@shop.example", mail.From.Mailboxes.Single().Address);
        Assert.StartsWith("How was your order #1001? [#", mail.Subject);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var token = SurveyShop.Token(mail);
        Assert.Contains($"https://help.shop.example/survey/{token}", mail.TextBody);
        Assert.Contains($"Unsubscribe: https://help.shop.example/survey/{token}?unsubscribe=1", mail.TextBody);
        Assert.Contains($"<https://help.shop.example/api/surveys/{token}/unsubscribe>", mail.Headers["List-Unsubscribe"]);

        // Replays after sending, and the order's later news, change nothing.
        await shop.OrderAsync(SurveyShop.Order("1001"));
        shop.Advance(Day * 2);
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());
        var page = await shop.App.Http().GetFromJsonAsync<JsonElement>($"/api/surveys/{token}");
        Assert.Equal("#1001", page.GetProperty("orderNumber").GetString());
        Assert.False(page.GetProperty("answered").GetBoolean());
        var results = await shop.ResultsAsync();
        Assert.Equal(1, results.GetProperty("sent").GetInt32());
        Assert.Equal("email", results.GetProperty("items")[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Shopify_deliveries_replayed_or_repeated_schedule_one_survey()
    {
        await using var shop = await SurveyShop.StartAsync();
        const string secret = "shopify-secret-0123456789";
        var shopify = await HelpdeskApp.CreateChannelAsync(shop.Admin, "shopify", secret);
        Task<HttpResponseMessage> Send(string topic, string body, string? id = null) =>
            shop.Admin.Http.SendAsync(ShopifyOrderBuilder.Request(shopify, secret, topic, body, id));

        var order = new ShopifyOrderBuilder().Customer(207119551, "mette@example.dk");
        (await Send("orders/create", order.Json)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++) (await Send("fulfillments/update", order.Fulfillment("delivered"), "delivered-1")).EnsureSuccessStatusCode();
        (await Send("fulfillments/update", order.Fulfillment("delivered"))).EnsureSuccessStatusCode();
        (await Send("orders/updated", order.DeliveredFulfillment().Json)).EnsureSuccessStatusCode();

        shop.Advance(TimeSpan.FromHours(28));
        Assert.Single(await shop.InvitationsAsync(1));
        (await Send("orders/updated", order.DeliveredFulfillment().Json)).EnsureSuccessStatusCode();
        shop.Advance(Day);
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());
        Assert.Equal(1, (await shop.ResultsAsync()).GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task Cancelled_and_refunded_orders_and_unsubscribed_customers_get_no_invitation()
    {
        await using var shop = await SurveyShop.StartAsync();
        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
            new { enabled = true, trigger = "delivered", delayHours = 24, cooldownDays = 0, lowScoreThreshold = 2 })).EnsureSuccessStatusCode();

        await shop.OrderAsync(SurveyShop.Order("2001"));
        await shop.OrderAsync(SurveyShop.Order("2002"));
        await shop.OrderAsync(SurveyShop.Order("2002", status: "refunded"));
        await shop.OrderAsync(SurveyShop.Order("2003", status: "cancelled"));
        shop.Advance(Day + TimeSpan.FromMinutes(1));
        var mail = Assert.Single(await shop.InvitationsAsync(1));
        Assert.Contains("#2001", mail.Subject);

        // The link in the mail unsubscribes, and it takes: the next delivery is not asked about.
        var token = SurveyShop.Token(mail);
        var unsubscribed = await shop.App.Http().PostAsync($"/api/surveys/{token}/unsubscribe", null);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        await shop.OrderAsync(SurveyShop.Order("2004", deliveredAt: shop.Time.GetUtcNow()));
        shop.Advance(Day * 2);
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());

        var skipped = await SkipReasonsAsync(shop);
        Assert.Equal("order-refunded", skipped["#2002"]);
        Assert.Equal("unsubscribed", skipped["#2004"]);
        Assert.False(skipped.ContainsKey("#2003")); // cancelled before delivery: never scheduled
        Assert.Equal(HttpStatusCode.NotFound, (await shop.App.Http().PostAsync("/api/surveys/not-a-token/unsubscribe", null)).StatusCode);
    }

    [Fact]
    public async Task A_customer_gets_at_most_one_invitation_per_cooldown()
    {
        await using var shop = await SurveyShop.StartAsync();
        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
            new { enabled = true, trigger = "delivered", delayHours = 0, cooldownDays = 10, lowScoreThreshold = 2 })).EnsureSuccessStatusCode();

        await shop.OrderAsync(SurveyShop.Order("3001"));
        await shop.OrderAsync(SurveyShop.Order("3002"));
        await shop.InvitationsAsync(1);
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());

        shop.Advance(Day * 9);
        await shop.OrderAsync(SurveyShop.Order("3003", deliveredAt: shop.Time.GetUtcNow()));
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());

        shop.Advance(Day);
        await shop.OrderAsync(SurveyShop.Order("3004", deliveredAt: shop.Time.GetUtcNow()));
        var mails = await shop.InvitationsAsync(2);
        Assert.Contains("#3004", mails[1].Subject);
        var skipped = await SkipReasonsAsync(shop);
        Assert.Equal("cooldown", skipped.Single(s => s.Key is "#3001" or "#3002").Value);
        Assert.Equal("cooldown", skipped["#3003"]);
    }

    [Fact]
    public async Task An_invitation_waits_while_the_customer_has_an_open_conversation()
    {
        await using var shop = await SurveyShop.StartAsync();
        var marketplace = await HelpdeskApp.CreateChannelAsync(shop.Admin, "marketplace", SurveyShop.MarketplaceSecret,
            new { replyUrl = "http://127.0.0.1:9/replies" });
        await shop.OrderAsync(SurveyShop.Order("4001"));
        // The customer asks about the order on the marketplace: tied to them by the order.
        var question = JsonSerializer.SerializeToUtf8Bytes(new
        {
            marketplace = "amazon", messageId = "M-1", threadId = "T-1", buyer = new { id = "B-1", name = "Mette K." },
            body = "The fleece has a hole in the sleeve.", sentAt = SurveyShop.Start, orderExternalId = "4001",
        });
        var asked = await shop.App.PostSignedAsync($"/api/webhooks/marketplace/{marketplace}", question, SurveyShop.MarketplaceSecret);
        var conversation = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetInt64();

        shop.Advance(Day * 2);
        await SurveyShop.QuietAsync();
        Assert.Empty(shop.Invitations());

        var admin = await shop.FreshAdminAsync();
        (await admin.Http.PostAsJsonAsync($"/api/conversations/{conversation}/status", new { status = "resolved" })).EnsureSuccessStatusCode();
        shop.Advance(TimeSpan.FromMinutes(59));
        await SurveyShop.QuietAsync();
        Assert.Empty(shop.Invitations());
        shop.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await shop.InvitationsAsync(1));
    }

    [Fact]
    public async Task A_survey_scheduled_before_a_restart_is_sent_once_after_it()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-survey-restart-").FullName;
        var time = new FakeTimeProvider(SurveyShop.Start);
        await using (var first = await SurveyShop.StartAsync(folder, time))
        {
            await first.OrderAsync(SurveyShop.Order("5001"));
        }
        time.Advance(Day + TimeSpan.FromMinutes(1));
        await using var second = await SurveyShop.StartAsync(folder, time, create: false);
        Assert.Single(await second.InvitationsAsync(1));
        await SurveyShop.QuietAsync();
        Assert.Single(second.Invitations());
        Assert.Equal(1, (await second.ResultsAsync()).GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task A_survey_whose_node_died_after_choosing_the_channel_is_finished_once_in_that_conversation()
    {
        await using var shop = await SurveyShop.StartAsync();
        await shop.OrderAsync(SurveyShop.Order("5101"));
        long chosen;
        using (var scope = shop.App.Services.CreateScope())
        {
            // What a node leaves behind when it dies between recording the channel and writing the invitation.
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var survey = await db.Surveys.SingleAsync();
            var conversation = db.Conversations.Add(new Conversation
            {
                ChannelId = await db.Channels.Where(c => c.Kind == "email").Select(c => c.Id).SingleAsync(),
                CustomerId = survey.CustomerId, ContactAddress = "mette@example.dk", Subject = "How was your order #5101?",
                Status = ConversationStatuses.Resolved, CreatedAt = shop.Time.GetUtcNow().UtcDateTime, DueAt = DateTime.MaxValue,
            }).Entity;
            await db.SaveChangesAsync();
            chosen = conversation.Id;
            survey.Status = "sending";
            survey.LockedBy = "dead-node";
            survey.LockedUntil = shop.Time.GetUtcNow().UtcDateTime.AddDays(1).AddMinutes(1);
            survey.Channel = "email";
            survey.Locale = "en";
            survey.InvitationConversationId = chosen;
            survey.SentAt = shop.Time.GetUtcNow().UtcDateTime.AddDays(1);
            await db.SaveChangesAsync();
        }

        shop.Advance(Day);
        await SurveyShop.QuietAsync();
        Assert.Empty(shop.Invitations()); // the dead node's claim still holds
        shop.Advance(TimeSpan.FromMinutes(2));
        var mail = Assert.Single(await shop.InvitationsAsync(1));
        Assert.Contains($"[#{chosen}]", mail.Subject);
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());
        Assert.Equal(1, (await shop.ResultsAsync()).GetProperty("sent").GetInt32());
    }

    [Fact]
    public async Task Two_workers_holding_the_same_claim_write_one_invitation()
    {
        await using var shop = await SurveyShop.StartAsync();
        await shop.OrderAsync(SurveyShop.Order("5201"));
        long id;
        using (var scope = shop.App.Services.CreateScope())
        {
            // A lease that lapsed under a slow node and was taken again: both believe they hold it.
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var survey = await db.Surveys.SingleAsync();
            (survey.Status, survey.LockedBy, survey.LockedUntil) = ("sending", "slow-node", shop.Time.GetUtcNow().UtcDateTime.AddMinutes(5));
            await db.SaveChangesAsync();
            id = survey.Id;
        }
        // On threads of their own: SQLite's calls finish synchronously, so without them the workers would take turns.
        using var start = new Barrier(6);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            using var scope = shop.App.Services.CreateScope();
            var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
            start.SignalAndWait();
            await mediator.Send(new InviteToSurvey(id, "slow-node"));
        })));

        Assert.Single(await shop.InvitationsAsync(1));
        await SurveyShop.QuietAsync();
        Assert.Single(shop.Invitations());
        using var check = shop.App.Services.CreateScope();
        var stored = check.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        Assert.Equal(1, await stored.Messages.CountAsync(m => m.ClientMessageId == $"survey:{id}"));
        Assert.Equal(1, await stored.Conversations.CountAsync(c => c.Subject.StartsWith("How was your order")));
    }

    [Fact]
    public async Task Two_app_nodes_on_one_database_send_each_invitation_once()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-survey-nodes-").FullName;
        var time = new FakeTimeProvider(SurveyShop.Start);
        await using var one = await SurveyShop.StartAsync(folder, time);
        await using var two = await SurveyShop.StartAsync(folder, time, create: false);
        // 30 customers with one order each, and 10 with two orders whose surveys both nodes may pick up.
        for (var i = 0; i < 30; i++)
            await (i % 2 == 0 ? one : two).OrderAsync(SurveyShop.Order($"60{i:00}", customer: $"c-{i}", email: $"buyer{i}@example.dk"));
        for (var i = 0; i < 10; i++)
        {
            await one.OrderAsync(SurveyShop.Order($"61{i:00}", customer: $"twice-{i}", email: $"twice{i}@example.dk"));
            await two.OrderAsync(SurveyShop.Order($"62{i:00}", customer: $"twice-{i}", email: $"twice{i}@example.dk"));
        }

        time.Advance(Day + TimeSpan.FromMinutes(1));
        await one.InvitationsAsync(40);
        await SurveyShop.QuietAsync();
        var mails = one.Invitations();
        Assert.Equal(40, mails.Length);
        Assert.Equal(40, mails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(40, (await one.ResultsAsync()).GetProperty("sent").GetInt32());
        Assert.Equal(10, (await SkipReasonsAsync(one)).Count(s => s.Value == "cooldown"));
    }

    [Fact]
    public async Task A_shopper_on_the_shop_gets_the_invitation_live_in_the_widget()
    {
        await using var shop = await SurveyShop.StartAsync();
        await shop.OrderAsync(SurveyShop.Order("7001"));
        await using var shopper = await shop.App.ShopperAsync(new
        {
            publicKey = shop.PublicKey, name = "Mette", locale = "da",
            identity = new { customerId = "c-1", signature = HelpdeskApp.IdentitySignature(SurveyShop.StoreKey, "c-1") },
        });
        var asked = await shopper.SendAsync("Hvornår kommer min pakke?");
        (await shop.Admin.Http.PostAsJsonAsync($"/api/conversations/{asked.ConversationId}/status", new { status = "resolved" }))
            .EnsureSuccessStatusCode();

        shop.Advance(Day + TimeSpan.FromMinutes(1));
        var invitation = await Eventually.Until(() => Task.FromResult(shopper.Messages.All.FirstOrDefault(m => m.Sender == "auto")), m => m is not null);
        Assert.Contains("Tak fordi du handlede hos", invitation!.Body);
        Assert.Contains("https://help.shop.example/survey/", invitation.Body);
        Assert.Contains("Afmeld her: https://help.shop.example/survey/", invitation.Body);
        Assert.Equal(asked.ConversationId, invitation.ConversationId);
        await SurveyShop.QuietAsync();
        Assert.Empty(shop.Invitations());
        var item = (await shop.ResultsAsync()).GetProperty("items")[0];
        Assert.Equal("widget", item.GetProperty("channel").GetString());
        Assert.Equal("da", item.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task A_signed_in_shopper_who_never_chatted_finds_the_invitation_in_the_widget()
    {
        await using var shop = await SurveyShop.StartAsync();
        await shop.OrderAsync(SurveyShop.Order("7201"));
        await using var shopper = await shop.App.ShopperAsync(new
        {
            publicKey = shop.PublicKey, locale = "de-DE",
            identity = new { customerId = "c-1", signature = HelpdeskApp.IdentitySignature(SurveyShop.StoreKey, "c-1") },
        });

        shop.Advance(Day + TimeSpan.FromMinutes(1));
        var invitation = await Eventually.Until(() => Task.FromResult(shopper.Messages.All.FirstOrDefault()), m => m is not null);
        Assert.Equal("auto", invitation!.Sender);
        Assert.Contains("wie zufrieden Sie waren", invitation.Body);
        // It is the chat the widget shows from now on, and nobody waits in it.
        var history = await shopper.Widget.InvokeAsync<Helpdesk.Features.Conversations.MessageDto[]>("GetMessages", 0L);
        Assert.Equal(invitation.Id, Assert.Single(history).Id);
        var admin = await shop.FreshAdminAsync();
        Assert.Empty((await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open"))!);
    }

    [Fact]
    public async Task A_customer_known_only_from_the_widget_is_invited_when_they_are_back_on_the_shop()
    {
        await using var shop = await SurveyShop.StartAsync();
        await shop.OrderAsync(new
        {
            externalId = "7301", number = "#7301", customer = new { externalId = "c-9", name = "Ola" },
            placedAt = SurveyShop.Start.AddDays(-3), total = 49m, currency = "EUR", status = "delivered", deliveredAt = SurveyShop.Start,
        });
        var identity = new { customerId = "c-9", signature = HelpdeskApp.IdentitySignature(SurveyShop.StoreKey, "c-9") };
        // Seen on the shop once, but not there when the survey is due: no address, so it waits for them.
        (await shop.App.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = shop.PublicKey, identity })).EnsureSuccessStatusCode();
        shop.Advance(Day + TimeSpan.FromMinutes(1));
        await SurveyShop.QuietAsync();

        await using var shopper = await shop.App.ShopperAsync(new { publicKey = shop.PublicKey, identity });
        await SurveyShop.QuietAsync();
        Assert.Empty(shopper.Messages.All);
        shop.Advance(TimeSpan.FromMinutes(61));
        var invitation = await Eventually.Until(() => Task.FromResult(shopper.Messages.All.FirstOrDefault()), m => m is not null);
        Assert.Contains("#7301", invitation!.Body);
        Assert.Equal("widget", (await shop.ResultsAsync()).GetProperty("items")[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task A_customer_known_only_on_Messenger_is_invited_there_within_its_24_hours()
    {
        await using var shop = await SurveyShop.StartAsync();
        await using var graph = await FakeRemote.StartAsync();
        graph.Respond = _ => Task.FromResult((200, """{"recipient_id":"7001","message_id":"m_survey"}"""));
        const string appSecret = "facebook-app-secret-0123456789";
        var page = await HelpdeskApp.CreateChannelAsync(shop.Admin, "messenger", appSecret, new
        {
            verifyToken = "verify", pageAccessToken = "page-token-0123456789", pageId = "1048",
            graphApiBaseUrl = new Uri(graph.Address, "/v21.0").ToString(),
        });
        (await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
            new
            {
                enabled = true, trigger = "delivered", delayHours = 1, cooldownDays = 30, lowScoreThreshold = 2,
                afterResolution = new { enabled = false, delayMinutes = 5 }, // this test is about the order's survey alone
            })).EnsureSuccessStatusCode();

        var order = await shop.OrderAsync(new
        {
            externalId = "7101", number = "#7101", customer = new { externalId = "fb-buyer", name = "Jonas Berg" },
            placedAt = SurveyShop.Start.AddDays(-3), total = 49m, currency = "EUR", status = "delivered", deliveredAt = SurveyShop.Start,
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var webhook = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"1048","time":{{{now}}},"messaging":[
              {"sender":{"id":"7001"},"recipient":{"id":"1048"},"timestamp":{{{now}}},"message":{"mid":"m_1","text":"Thanks, it came today!"}}]}]}
            """);
        (await shop.App.PostSignedAsync($"/api/webhooks/messenger/{page}", webhook, appSecret, header: "X-Hub-Signature-256")).EnsureSuccessStatusCode();
        var chat = (await shop.Admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?kind=messenger"))!.Single();
        // The agent sees it is the same person and merges; then closes the chat.
        (await shop.Admin.Http.PostAsJsonAsync($"/api/customers/{order.GetProperty("customerId").GetInt64()}/merge",
            new { otherCustomerId = chat.GetProperty("customer").GetProperty("id").GetInt64() })).EnsureSuccessStatusCode();
        (await shop.Admin.Http.PostAsJsonAsync($"/api/conversations/{chat.GetProperty("id").GetInt64()}/status", new { status = "resolved" }))
            .EnsureSuccessStatusCode();

        shop.Advance(TimeSpan.FromMinutes(61));
        var sent = await Eventually.Until(() => Task.FromResult(graph.Requests.ToArray()), r => r.Length >= 1);
        var payload = JsonDocument.Parse(Assert.Single(sent).Body).RootElement;
        Assert.Equal("7001", payload.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal("RESPONSE", payload.GetProperty("messaging_type").GetString());
        Assert.Contains("https://help.shop.example/survey/", payload.GetProperty("message").GetProperty("text").GetString());
        Assert.Empty(shop.Invitations());
        Assert.Equal("messenger", (await shop.ResultsAsync()).GetProperty("items")[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Answers_are_checked_changed_for_a_week_and_a_low_score_opens_a_follow_up_at_the_top_of_the_queue()
    {
        await using var shop = await SurveyShop.StartAsync();
        var marketplace = await HelpdeskApp.CreateChannelAsync(shop.Admin, "marketplace", SurveyShop.MarketplaceSecret,
            new { replyUrl = "http://127.0.0.1:9/replies" });
        await shop.OrderAsync(SurveyShop.Order("8001"));
        shop.Advance(Day + TimeSpan.FromMinutes(1));
        var token = SurveyShop.Token((await shop.InvitationsAsync(1))[0]);
        var http = shop.App.Http();

        shop.Advance(Day * 2);

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { score = 0 }, "score"), (new { score = 6 }, "score"), (new { nps = 5 }, "score"),
                     (new { score = 4, nps = 11 }, "nps"), (new { score = 4, nps = -1 }, "nps"),
                     (new { score = 4, comment = new string('x', 2001) }, "comment"),
                 })
        {
            var refused = await http.PostAsJsonAsync($"/api/surveys/{token}", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.False((await http.GetFromJsonAsync<JsonElement>($"/api/surveys/{token}")).GetProperty("answered").GetBoolean());

        var happy = await http.PostAsJsonAsync($"/api/surveys/{token}", new { score = 4, nps = 8 });
        Assert.Equal(HttpStatusCode.OK, happy.StatusCode);
        var admin = await shop.FreshAdminAsync();
        var open = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Empty(open!);

        // Changed a few days later: now a low score, which brings in a person.
        shop.Advance(Day * 3);
        // Someone else has just written too, and a new customer can wait longer than an unhappy one.
        var other = JsonSerializer.SerializeToUtf8Bytes(new
        {
            marketplace = "ebay", messageId = "M-9", threadId = "T-9", buyer = new { id = "B-9", name = "Ola" },
            body = "Where is my parcel?", sentAt = shop.Time.GetUtcNow(),
        });
        await shop.App.PostSignedAsync($"/api/webhooks/marketplace/{marketplace}", other, SurveyShop.MarketplaceSecret);
        // Written with hidden and reversing characters, read by agents without them.
        var low = await http.PostAsJsonAsync($"/api/surveys/{token}", new { score = 2, comment = "The zip\u200B broke on the \u202Efirst trip.", nps = 3 });
        var answer = await low.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, answer.GetProperty("score").GetInt32());
        Assert.Equal("The zip broke on the first trip.", answer.GetProperty("comment").GetString());

        admin = await shop.FreshAdminAsync();
        var queue = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal(2, queue!.Length);
        var followUp = queue[0];
        Assert.Equal("Your feedback on order #8001", followUp.GetProperty("subject").GetString());
        Assert.StartsWith("Survey score 2/5", followUp.GetProperty("priority").GetProperty("reason").GetString());
        var detail = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{followUp.GetProperty("id").GetInt64()}");
        Assert.Equal("follow-up", detail.GetProperty("surveyRole").GetString());
        Assert.Equal(2, detail.GetProperty("survey").GetProperty("score").GetInt32());
        Assert.Equal("#8001", detail.GetProperty("survey").GetProperty("orderNumber").GetString());
        var first = detail.GetProperty("messages")[0];
        Assert.Equal("customer", first.GetProperty("sender").GetString());
        Assert.Equal("The zip broke on the first trip.", first.GetProperty("body").GetString());
        Assert.Equal("email", detail.GetProperty("channel").GetProperty("kind").GetString());

        // Answering once more opens no second follow-up.
        (await http.PostAsJsonAsync($"/api/surveys/{token}", new { score = 1, comment = "The zip broke on the first trip." })).EnsureSuccessStatusCode();
        Assert.Equal(2, (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open"))!.Length);

        // A refund changes the customer's tier, and a new comment arrives: the follow-up keeps its place and its reason.
        await shop.OrderAsync(SurveyShop.Order("8001", status: "refunded"));
        (await http.PostAsJsonAsync($"/api/surveys/{token}", new { score = 1, comment = "And nobody has called me." })).EnsureSuccessStatusCode();
        queue = await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal(followUp.GetProperty("id").GetInt64(), queue![0].GetProperty("id").GetInt64());
        Assert.Equal("And nobody has called me.", queue[0].GetProperty("lastMessagePreview").GetString());
        var reason = queue[0].GetProperty("priority").GetProperty("reason").GetString()!;
        // Its deadline is its own: a VIP's target from when it was opened, not someone else's overdue time.
        Assert.Equal("Survey score 2/5 · New customer · due in 2 h 0 min", reason);

        // Once an agent has answered, the follow-up is an ordinary conversation again.
        await admin.ConnectAsync();
        await admin.ReplyAsync(followUp.GetProperty("id").GetInt64(), "I am so sorry. A new backpack is on its way today.");
        var answeredNow = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{followUp.GetProperty("id").GetInt64()}");
        Assert.EndsWith("answered", answeredNow.GetProperty("priority").GetProperty("reason").GetString());

        var results = await shop.ResultsAsync();
        Assert.Equal(1, results.GetProperty("answered").GetInt32());
        Assert.Equal(1.0, results.GetProperty("averageScore").GetDouble());
        Assert.Equal(0.0, results.GetProperty("satisfiedShare").GetDouble());
        Assert.Equal(1.0, results.GetProperty("responseRate").GetDouble());

        // A week after the first answer the link has closed, but unsubscribing still works.
        shop.Advance(Day * 5);
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync($"/api/surveys/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await http.PostAsJsonAsync($"/api/surveys/{token}", new { score = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/surveys/{token}/unsubscribe", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/surveys/{new string('A', 43)}")).StatusCode);
        Assert.Equal(1, (await shop.ResultsAsync()).GetProperty("averageScore").GetDouble());
    }

    [Fact]
    public async Task Settings_are_validated_field_by_field_and_a_refusal_changes_nothing()
    {
        await using var shop = await SurveyShop.StartAsync();
        var defaults = await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings");
        Assert.True(defaults.GetProperty("enabled").GetBoolean());
        Assert.Equal("delivered", defaults.GetProperty("trigger").GetString());

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { enabled = true, trigger = "delivered", delayHours = -1, cooldownDays = 30, lowScoreThreshold = 2 }, "delayHours"),
                     (new { enabled = true, trigger = "shipped", delayHours = 1, cooldownDays = 30, lowScoreThreshold = 2 }, "trigger"),
                     (new { enabled = true, trigger = "delivered", delayHours = 1, cooldownDays = -3, lowScoreThreshold = 2 }, "cooldownDays"),
                     (new { enabled = true, trigger = "delivered", delayHours = 1, cooldownDays = 30, lowScoreThreshold = 5 }, "lowScoreThreshold"),
                 })
        {
            var refused = await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(defaults.ToString(), (await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings")).ToString());

        var saved = await shop.Admin.Http.PutAsJsonAsync("/api/surveys/settings",
            new { enabled = true, trigger = "fulfilled", delayHours = 2, cooldownDays = 60, lowScoreThreshold = 3 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("fulfilled", (await shop.Admin.Http.GetFromJsonAsync<JsonElement>("/api/surveys/settings")).GetProperty("trigger").GetString());

        // Fulfilled is enough now.
        await shop.OrderAsync(SurveyShop.Order("9001", status: "fulfilled"));
        shop.Advance(TimeSpan.FromHours(2));
        Assert.Contains("#9001", Assert.Single(await shop.InvitationsAsync(1)).Subject);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.App.Http().GetAsync("/api/surveys")).StatusCode);
    }

    private static async Task<Dictionary<string, string>> SkipReasonsAsync(SurveyShop shop)
    {
        await using var db = await shop.App.OpenDatabaseAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT o.Number, s.SkipReason FROM Surveys s JOIN Orders o ON o.Id = s.OrderId WHERE s.Status = 'skipped'";
        await using var reader = await command.ExecuteReaderAsync();
        var reasons = new Dictionary<string, string>();
        while (await reader.ReadAsync()) reasons[reader.GetString(0)] = reader.GetString(1);
        return reasons;
    }
}
