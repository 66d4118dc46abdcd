using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Helpdesk.Tests.Features.Verification;

/// <summary>A returning customer who is not signed in to the store types the email she orders with, and proves it with a code.</summary>
public sealed class ReturningShopperTests : IAsyncLifetime
{
    private const string StoreKey = "storefront-secret-0123456789";
    private const string KarenEmail = "karen.holm@example.dk";
    private HelpdeskApp _app = null!;
    private Agent _admin = null!;
    private string _publicKey = null!;
    private long _karenId;

    private string MailFolder => Path.Combine(_app.DataDirectory, "mail");

    public async Task InitializeAsync()
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-verification-").FullName;
        _app = new HelpdeskApp(folder, new() { ["Smtp:PickupDirectory"] = Path.Combine(folder, "mail") });
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin, StoreKey)).PublicKey;
        await HelpdeskApp.CreateChannelAsync(_admin, "email", "mail-secret-0123456789", new { address = "support@shop.example" });
        foreach (var (n, total) in new[] { (1, 49.95m), (2, 120m), (3, 35.5m), (4, 80m) })
        {
            var order = await _app.SubmitOrderAsync(StoreKey, new
            {
                externalId = $"k-{n}", number = $"#100{n}", customer = new { externalId = "karen", email = KarenEmail, name = "Karen Holm" },
                placedAt = DateTimeOffset.UtcNow.AddDays(-10 * (5 - n)), total, currency = "DKK", status = "delivered",
                lines = new[] { new { sku = $"SKU-{n}", name = $"Wool socks {n}", quantity = n, price = total / n } },
            });
            _karenId = order.GetProperty("customerId").GetInt64();
        }
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<Shopper> ShopperAsync(string name, string? email = null, string locale = "da-DK") =>
        _app.ShopperAsync(new { publicKey = _publicKey, name, email, locale });

    private HttpClient Widget(Shopper shopper)
    {
        var http = _app.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", shopper.Token);
        return http;
    }

    private async Task<JsonElement> SummaryAsync(long conversationId) =>
        await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}");

    private MimeMessage[] Mails() =>
        Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).ToArray() : [];

    /// <summary>Asks for a code at the address and reads it from the mail that arrives.</summary>
    private async Task<(string Code, MimeMessage Mail)> MailedCodeAsync(Shopper shopper, string email)
    {
        var before = Mails().Length;
        var response = await Widget(shopper).PostAsJsonAsync("/api/widget/verification", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mails = await Eventually.Until(() => Task.FromResult(Mails()), m => m.Length > before);
        var mail = mails.Single(m => m.MessageId.StartsWith("helpdesk.verification.") && m.To.Mailboxes.Single().Address == email
            && !_seen.Contains(m.MessageId));
        _seen.Add(mail.MessageId);
        return (Regex.Match(mail.TextBody, @"\b\d{6}\b").Value, mail);
    }

    private readonly HashSet<string> _seen = [];

    private static Task<HttpResponseMessage> ConfirmAsync(HttpClient widget, string code) =>
        widget.PostAsJsonAsync("/api/widget/verification/confirm", new { code });

    [Fact]
    public async Task A_claimed_returning_customer_is_served_before_a_new_one_and_agents_see_her_history_unverified()
    {
        await using var newcomer = await ShopperAsync("Ny kunde");
        var first = await newcomer.SendAsync("Hej, har I denne i blå?");
        await using var karen = await ShopperAsync("Karen", KarenEmail);
        var second = await karen.SendAsync("Min pakke er ikke kommet");

        var queue = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal([second.ConversationId, first.ConversationId], queue!.Select(c => c.GetProperty("id").GetInt64()).ToArray());
        var claimed = queue![0].GetProperty("customer");
        Assert.Equal(_karenId, claimed.GetProperty("id").GetInt64());
        Assert.Equal("returning", claimed.GetProperty("tier").GetString());
        Assert.False(claimed.GetProperty("verified").GetBoolean());
        Assert.Equal(KarenEmail, claimed.GetProperty("claimedEmail").GetString());

        var profile = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{_karenId}");
        Assert.Equal(4, profile.GetProperty("orderCount").GetInt32());
        Assert.Equal(285.45m, profile.GetProperty("lifetimeValue").GetDecimal());
        // A claim adds no identity and merges nobody.
        Assert.Equal(["email:" + KarenEmail, "store-customer-id:karen"],
            profile.GetProperty("identities").EnumerateArray()
                .Select(i => $"{i.GetProperty("kind").GetString()}:{i.GetProperty("value").GetString()}").Order().ToArray());
    }

    [Fact]
    public async Task An_email_left_in_the_contact_form_after_the_first_message_moves_the_chat_up()
    {
        await using var karen = await ShopperAsync("Karen");
        var mine = await karen.SendAsync("Min pakke er ikke kommet");
        await using var newcomer = await ShopperAsync("Ny kunde");
        await newcomer.SendAsync("Hej");
        var before = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal("new", before!.Single(c => c.GetProperty("id").GetInt64() == mine.ConversationId).GetProperty("priority").GetProperty("tier").GetString());

        await karen.Widget.InvokeAsync("UpdateContact", new ContactInput(null, KarenEmail));

        var after = await _admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open");
        Assert.Equal(mine.ConversationId, after![0].GetProperty("id").GetInt64());
        Assert.Equal("returning", after[0].GetProperty("priority").GetProperty("tier").GetString());
        Assert.Equal(_karenId, after[0].GetProperty("customer").GetProperty("id").GetInt64());
        Assert.Contains("4 orders", after[0].GetProperty("priority").GetProperty("reason").GetString());
        // A different address afterwards takes the claim back.
        await karen.Widget.InvokeAsync("UpdateContact", new ContactInput(null, "someone.else@example.org"));
        var reverted = await SummaryAsync(mine.ConversationId);
        Assert.Equal("new", reverted.GetProperty("priority").GetProperty("tier").GetString());
        Assert.NotEqual(_karenId, reverted.GetProperty("customer").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task A_shopper_who_only_claims_an_address_sees_nothing_of_its_customer()
    {
        await using var stranger = await ShopperAsync("Vic", KarenEmail);
        Assert.NotEqual(_karenId, stranger.Session.GetProperty("customerId").GetInt64());
        Assert.Equal("Vic", stranger.Session.GetProperty("name").GetString());
        Assert.False(stranger.Session.GetProperty("verified").GetBoolean());
        Assert.True(stranger.Session.GetProperty("canVerify").GetBoolean());

        var orders = await Widget(stranger).GetAsync("/api/widget/orders");
        Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
        Assert.DoesNotContain("#100", await orders.Content.ReadAsStringAsync());
        var askAbout = await Assert.ThrowsAsync<HubException>(() => stranger.Widget.InvokeAsync<MessageDto>("SendMessage",
            new SendMessageInput(Guid.NewGuid().ToString("N"), "Hvor er den?", "#1004")));
        Assert.Contains("orderNumber", askAbout.Message);
        Assert.Empty(await stranger.GetMessagesAsync());
    }

    [Fact]
    public async Task The_mailed_code_proves_the_address_and_shows_her_own_orders()
    {
        await using var karen = await ShopperAsync("Karen", KarenEmail);
        var message = await karen.SendAsync("Min pakke er ikke kommet");
        var anonymous = karen.Session.GetProperty("customerId").GetInt64();
        var widget = Widget(karen);

        var (code, mail) = await MailedCodeAsync(karen, KarenEmail);
        Assert.Equal("support@shop.example", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Din kode", mail.Subject);
        Assert.Contains($"Din kode er {code}", mail.TextBody);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        var wrong = await ConfirmAsync(widget, code == "000000" ? "000001" : "000000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("code", out _));

        var right = await ConfirmAsync(widget, code);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var confirmed = await right.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(confirmed.GetProperty("verified").GetBoolean());
        Assert.Equal(_karenId, confirmed.GetProperty("customerId").GetInt64());
        // Used once only.
        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(widget, code)).StatusCode);

        var orders = await widget.GetFromJsonAsync<JsonElement[]>("/api/widget/orders");
        Assert.Equal(["#1004", "#1003", "#1002", "#1001"], orders!.Select(o => o.GetProperty("number").GetString()).ToArray());
        var latest = orders[0];
        Assert.Equal(80m, latest.GetProperty("total").GetDecimal());
        Assert.Equal("DKK", latest.GetProperty("currency").GetString());
        Assert.Equal("delivered", latest.GetProperty("status").GetString());
        Assert.Equal("Wool socks 4", latest.GetProperty("lines")[0].GetProperty("name").GetString());
        Assert.Equal(4, latest.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(JsonValueKind.Array, latest.GetProperty("tracking").ValueKind);

        var summary = await SummaryAsync(message.ConversationId);
        Assert.Equal(_karenId, summary.GetProperty("customer").GetProperty("id").GetInt64());
        Assert.True(summary.GetProperty("customer").GetProperty("verified").GetBoolean());
        // The stand-in customer she was before is gone; nothing of hers is lost.
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.GetAsync($"/api/customers/{anonymous}")).StatusCode);
        var again = await _app.ShopperAsync(new { publicKey = _publicKey, visitorToken = karen.Token });
        await using (again)
        {
            Assert.True(again.Session.GetProperty("verified").GetBoolean());
            Assert.Equal(message.ConversationId, again.Session.GetProperty("conversationId").GetInt64());
        }
    }

    [Fact]
    public async Task A_proven_shopper_asks_about_one_of_her_orders_and_the_agent_sees_which()
    {
        await using var karen = await ShopperAsync("Karen", KarenEmail);
        var (code, _) = await MailedCodeAsync(karen, KarenEmail);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(Widget(karen), code)).StatusCode);
        await using var agent = await _app.SignInAsync();
        await agent.ConnectAsync();

        var sent = await karen.Widget.InvokeAsync<MessageDto>("SendMessage",
            new SendMessageInput(Guid.NewGuid().ToString("N"), "Spørgsmål om ordre #1003", "#1003"));
        Assert.Equal("#1003", sent.OrderNumber);
        var seen = await agent.Messages.WaitForAsync(m => m.Id == sent.Id);
        Assert.Equal("#1003", seen.OrderNumber);
        var thread = await SummaryAsync(sent.ConversationId);
        Assert.Equal("#1003", thread.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("id").GetInt64() == sent.Id)
            .GetProperty("orderNumber").GetString());

        // Someone else's order is not hers to ask about.
        var other = await _app.SubmitOrderAsync(StoreKey, new
        {
            externalId = "o-1", number = "#2001", customer = new { externalId = "other", email = "other@example.com" },
            placedAt = DateTimeOffset.UtcNow, total = 10m, currency = "DKK", status = "paid",
        });
        var refused = await Assert.ThrowsAsync<HubException>(() => karen.Widget.InvokeAsync<MessageDto>("SendMessage",
            new SendMessageInput(Guid.NewGuid().ToString("N"), "Og denne?", "#2001")));
        Assert.Contains("orderNumber", refused.Message);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_visitor_out_even_for_the_right_one()
    {
        await using var guesser = await ShopperAsync("Vic", KarenEmail);
        var widget = Widget(guesser);
        var (code, _) = await MailedCodeAsync(guesser, KarenEmail);
        var wrong = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).Where(c => c != code).Take(5).ToArray();
        foreach (var guess in wrong)
            Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(widget, guess)).StatusCode);

        var locked = await ConfirmAsync(widget, code);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.Forbidden, (await widget.GetAsync("/api/widget/orders")).StatusCode);
    }

    [Fact]
    public async Task Guesses_sent_all_at_once_get_five_tries_and_no_more()
    {
        await using var guesser = await ShopperAsync("Vic", KarenEmail);
        var widget = Widget(guesser);
        var (code, _) = await MailedCodeAsync(guesser, KarenEmail);
        var guesses = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).Where(c => c != code).Take(20);

        var answers = await Task.WhenAll(guesses.Select(g => ConfirmAsync(widget, g)));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        Assert.Equal(15, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConfirmAsync(widget, code)).StatusCode);
    }

    [Fact]
    public async Task Code_requests_sent_all_at_once_for_one_address_get_three_codes()
    {
        var shoppers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ShopperAsync($"Bot {i}")));
        var answers = await Task.WhenAll(shoppers.Select(s => Widget(s).PostAsJsonAsync("/api/widget/verification", new { email = KarenEmail })));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        foreach (var shopper in shoppers) await shopper.DisposeAsync();
    }

    [Fact]
    public async Task A_code_works_only_for_the_visitor_it_was_sent_to()
    {
        await using var karen = await ShopperAsync("Karen", KarenEmail);
        await using var thief = await ShopperAsync("Vic");
        var (code, _) = await MailedCodeAsync(karen, KarenEmail);

        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(Widget(thief), code)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Widget(thief).GetAsync("/api/widget/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(Widget(karen), code)).StatusCode);
        // Without a token there is no visitor at all.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Http().PostAsJsonAsync("/api/widget/verification/confirm", new { code })).StatusCode);
    }

    [Fact]
    public async Task Codes_are_limited_per_visitor_and_per_address_and_say_nothing_about_the_address()
    {
        await using var shopper = await ShopperAsync("Vic");
        var widget = Widget(shopper);
        foreach (var email in new[] { KarenEmail, "nobody@example.org", "nobody2@example.org" })
        {
            var response = await widget.PostAsJsonAsync("/api/widget/verification", new { email });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }
        var fourth = await widget.PostAsJsonAsync("/api/widget/verification", new { email = "nobody3@example.org" });
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.NotNull(fourth.Headers.RetryAfter);

        // Three codes an hour to one address, whoever asks.
        for (var i = 0; i < 2; i++)
        {
            await using var other = await ShopperAsync($"Other {i}");
            Assert.Equal(HttpStatusCode.Accepted,
                (await Widget(other).PostAsJsonAsync("/api/widget/verification", new { email = KarenEmail.ToUpperInvariant() })).StatusCode);
        }
        await using var last = await ShopperAsync("Last");
        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await Widget(last).PostAsJsonAsync("/api/widget/verification", new { email = KarenEmail })).StatusCode);

        var bad = await widget.PostAsJsonAsync("/api/widget/verification", new { email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task A_widget_on_the_shops_own_domain_can_read_when_to_ask_for_a_code_again()
    {
        await using var shopper = await ShopperAsync("Vic");
        HttpResponseMessage response = null!;
        for (var i = 0; i <= Helpdesk.Features.Verification.RequestVerificationCode.CodesPerHour; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/verification")
            {
                Content = JsonContent.Create(new { email = $"vic{i}@example.org" }),
            };
            request.Headers.Add("Origin", "https://shop.example");
            response = await Widget(shopper).SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        // A cross-origin page sees only the headers the answer exposes.
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", response.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',')).Select(v => v.Trim()),
            StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_address_nobody_has_becomes_the_shoppers_own_once_proven()
    {
        await using var shopper = await ShopperAsync("Nina", "nina@example.org", locale: "de-DE");
        var message = await shopper.SendAsync("Hallo");
        var own = shopper.Session.GetProperty("customerId").GetInt64();
        var (code, mail) = await MailedCodeAsync(shopper, "nina@example.org");
        Assert.Contains("Ihr Code", mail.Subject);

        var confirmed = await (await ConfirmAsync(Widget(shopper), code)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(own, confirmed.GetProperty("customerId").GetInt64());
        Assert.Empty((await Widget(shopper).GetFromJsonAsync<JsonElement[]>("/api/widget/orders"))!);
        var profile = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{own}");
        Assert.Contains(profile.GetProperty("identities").EnumerateArray(),
            i => i.GetProperty("kind").GetString() == "email" && i.GetProperty("value").GetString() == "nina@example.org");
        Assert.True((await SummaryAsync(message.ConversationId)).GetProperty("customer").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task An_agent_asks_the_shopper_to_verify_and_the_widget_shows_the_prompt()
    {
        await using var karen = await ShopperAsync("Karen", KarenEmail);
        var asked = new TaskCompletionSource<JsonElement>();
        karen.Widget.On<JsonElement>("VerificationRequested", e => asked.TrySetResult(e));
        var message = await karen.SendAsync("Hvor er min ordre?");

        var response = await _admin.Http.PostAsync($"/api/conversations/{message.ConversationId}/verification-request", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var shown = await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(message.ConversationId, shown.GetProperty("conversationId").GetInt64());
        var again = await _app.ShopperAsync(new { publicKey = _publicKey, visitorToken = karen.Token });
        await using (again) Assert.True(again.Session.GetProperty("verificationRequested").GetBoolean());
        // The agent's note stays in the thread, never in the widget.
        var thread = await SummaryAsync(message.ConversationId);
        Assert.Contains(thread.GetProperty("messages").EnumerateArray(),
            m => m.GetProperty("sender").GetString() == "system" && m.GetProperty("isPrivate").GetBoolean());
        Assert.DoesNotContain(await karen.GetMessagesAsync(), m => m.Sender == "system");

        var (code, _) = await MailedCodeAsync(karen, KarenEmail);
        await ConfirmAsync(Widget(karen), code);
        Assert.Equal(HttpStatusCode.Conflict,
            (await _admin.Http.PostAsync($"/api/conversations/{message.ConversationId}/verification-request", null)).StatusCode);
    }

    [Fact]
    public async Task An_after_hours_reply_to_a_claimed_chat_speaks_to_the_shopper_not_the_claimed_customer()
    {
        await using var stranger = await ShopperAsync("Vic", KarenEmail);
        var message = await stranger.SendAsync("Hej");
        using var scope = _app.Services.CreateScope();
        var context = await scope.ServiceProvider.GetRequiredService<Helpdesk.Features.CannedResponses.TemplateValues>()
            .ForConversationAsync(message.ConversationId, default);
        Assert.Equal("Vic", context!.CustomerName);
        Assert.Null(context.OrderNumber);
    }
}
