using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Helpdesk.Tests.Features.BusinessHours;

public sealed class AfterHoursReplyTests : IAsyncLifetime
{
    // Monday 23 November 2026 at 21:00 in Copenhagen: the shop closed at 17:00.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero));
    private readonly HelpdeskApp _app;
    private Agent _admin = null!;
    private long _channelId;
    private string _publicKey = null!;

    public AfterHoursReplyTests() => _app = new HelpdeskApp(time: _time);

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        (_channelId, _publicKey) = await _app.CreateStorefrontChannelAsync(_admin);
        await SetWeekdayHoursAsync(_channelId);
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task SetWeekdayHoursAsync(long channelId)
    {
        var weekdays = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" };
        var response = await _admin.Http.PutAsJsonAsync($"/api/channels/{channelId}/business-hours", new
        {
            timeZone = "Europe/Copenhagen",
            weekly = weekdays.Select(day => new { day, open = "09:00", close = "17:00" }),
            exceptions = Array.Empty<object>(),
        });
        response.EnsureSuccessStatusCode();
    }

    private Task<Shopper> ShopperAsync(string name, string? locale) => _app.ShopperAsync(new { publicKey = _publicKey, name, locale });

    private static async Task<MessageDto[]> AutoRepliesAsync(Shopper shopper) =>
        (await shopper.GetMessagesAsync()).Where(m => m.Sender == Senders.Auto).ToArray();

    [Fact]
    public async Task A_closed_widget_says_when_we_are_back_and_when_to_expect_a_reply()
    {
        await using var shopper = await ShopperAsync("Anna", "en");

        Assert.False(shopper.Session.GetProperty("openNow").GetBoolean());
        Assert.Equal(new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc), shopper.Session.GetProperty("nextOpenAt").GetDateTime());
        Assert.Equal(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc), shopper.Session.GetProperty("nextCloseAt").GetDateTime());
        // Twelve hours until we open, then the new customer's chat target of 15 minutes.
        Assert.Equal(12 * 60 + 15, shopper.Session.GetProperty("expectedReplyMinutes").GetInt32());
    }

    [Fact]
    public async Task A_shopper_writing_after_hours_hears_once_per_closed_period_when_we_are_back()
    {
        await using var shopper = await ShopperAsync("Anna Berg", "en");

        await shopper.SendAsync("Hello, is anyone there?");
        var reply = await shopper.Messages.WaitForAsync(m => m.Sender == Senders.Auto);
        Assert.StartsWith("Hi Anna,", reply.Body);
        Assert.Contains("we're back tomorrow at 09:00", reply.Body);
        Assert.DoesNotContain("{{", reply.Body);

        await shopper.SendAsync("I'd like to change my delivery address.");
        _time.Advance(TimeSpan.FromHours(3));
        await shopper.SendAsync("Still here at midnight.");
        Assert.Single(await AutoRepliesAsync(shopper));

        // Tuesday 09:30: open, no automatic reply.
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 8, 30, 0, TimeSpan.Zero));
        await shopper.SendAsync("Good morning!");
        Assert.Single(await AutoRepliesAsync(shopper));

        // Tuesday 18:30: closed again, a new closed period.
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 17, 30, 0, TimeSpan.Zero));
        await shopper.SendAsync("One more thing.");
        // The reply follows the message in the background.
        var replies = await Eventually.Until(() => AutoRepliesAsync(shopper), r => r.Length >= 2);
        Assert.Equal(2, replies.Length);
        Assert.Contains("tomorrow at 09:00", replies[1].Body);
    }

    [Fact]
    public async Task Resending_one_message_many_times_after_hours_gets_one_reply()
    {
        await using var shopper = await ShopperAsync("Anna", "en");
        var first = await shopper.SendAsync("Is anyone there?", "same-1");
        await shopper.Messages.WaitForAsync(m => m.Sender == Senders.Auto);

        // A client that keeps resending (or an attacker replaying it): each resend asks the reply to look again.
        for (var i = 0; i < 20; i++) Assert.Equal(first.Id, (await shopper.SendAsync("Is anyone there?", "same-1")).Id);
        await Task.Delay(500);

        Assert.Single(await AutoRepliesAsync(shopper));
        Assert.Single(await shopper.GetMessagesAsync(), m => m.Sender == Senders.Customer);
    }

    [Fact]
    public async Task An_automatic_reply_leaves_the_customer_waiting_for_a_person()
    {
        await using var shopper = await ShopperAsync("Anna", "en");
        var question = await shopper.SendAsync("Do you ship to Iceland?");
        await shopper.Messages.WaitForAsync(m => m.Sender == Senders.Auto);

        var conversation = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{question.ConversationId}");

        Assert.Equal("Do you ship to Iceland?", conversation.GetProperty("lastMessagePreview").GetString());
        Assert.NotEqual(JsonValueKind.Null, conversation.GetProperty("priority").GetProperty("dueAt").ValueKind);
        Assert.Equal("open", conversation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_reply_speaks_the_customers_language_then_the_channels_then_english()
    {
        await using (var kari = await ShopperAsync("Kari Nordmann", "nb-NO"))
        {
            await kari.SendAsync("Hei!");
            var reply = await kari.Messages.WaitForAsync(m => m.Sender == Senders.Auto);
            Assert.StartsWith("Hei Kari!", reply.Body);
            Assert.Contains("vi er tilbake i morgen kl. 09:00", reply.Body);
        }

        await SetDefaultLanguageAsync("da");
        await using (var pierre = await ShopperAsync("Pierre", "fr-FR"))
        {
            await pierre.SendAsync("Bonjour");
            var reply = await pierre.Messages.WaitForAsync(m => m.Sender == Senders.Auto);
            Assert.Contains("vi er tilbage i morgen kl. 09.00", reply.Body);
        }

        await SetDefaultLanguageAsync(null);
        await using (var marie = await ShopperAsync("Marie", "fr"))
        {
            await marie.SendAsync("Bonsoir");
            var reply = await marie.Messages.WaitForAsync(m => m.Sender == Senders.Auto);
            Assert.Contains("we're back tomorrow at 09:00", reply.Body);
        }
    }

    private async Task SetDefaultLanguageAsync(string? language)
    {
        var response = await _admin.Http.PutAsJsonAsync($"/api/channels/{_channelId}", new
        {
            name = "Test shop",
            settings = language is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["defaultLanguage"] = language },
        });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Mail_sent_by_a_machine_gets_no_automatic_reply()
    {
        var created = await _admin.Http.PostAsJsonAsync("/api/channels", new { kind = "email", name = "Support mail", secret = "email-secret-0123456789" });
        var emailChannel = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await SetWeekdayHoursAsync(emailChannel);
        var conversationId = await MailConversationAsync(emailChannel);

        var vacationNotice = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
            "From: Anna Berg <anna@example.net>\r\nTo: support@nordlys.example\r\nSubject: Out of office\r\n" +
            "Auto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@example.net>\r\n\r\nI am away until Monday.\r\n")));
        await ReceiveMailAsync(conversationId, vacationNotice);
        // Replies follow in the background: time for a wrong one to appear.
        await Task.Delay(500);
        Assert.Equal(["customer"], await SendersAsync(conversationId));
        var question = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(
            "From: Anna Berg <anna@example.net>\r\nTo: support@nordlys.example\r\nSubject: Where is my order?\r\n" +
            "Message-ID: <q-1@example.net>\r\n\r\nIt has not arrived.\r\n")));
        await ReceiveMailAsync(conversationId, question);

        Assert.Equal(["customer", "customer", "auto"], await Eventually.Until(() => SendersAsync(conversationId), m => m.Length >= 3));
    }

    private async Task<string[]> SendersAsync(long conversationId)
    {
        var conversation = await _admin.Http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversationId}");
        return conversation.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sender").GetString()!).ToArray();
    }

    private async Task<long> MailConversationAsync(long channelId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        var customer = new Customer { Name = "Anna Berg", Email = "anna@example.net", Locale = "en", CreatedAt = now };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        var conversation = new Conversation
        {
            ChannelId = channelId, CustomerId = customer.Id, Subject = "Where is my order?", CreatedAt = now, LastMessageAt = now, DueAt = now,
        };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return conversation.Id;
    }

    /// <summary>A mail into the conversation, announced the way inbound channels announce it.</summary>
    private async Task ReceiveMailAsync(long conversationId, MimeMessage mail)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<MessageWriter>();
        var mediator = scope.ServiceProvider.GetRequiredService<MediatR.IMediator>();
        var stored = await writer.AppendAsync(new NewMessage
        {
            ConversationId = conversationId, Sender = Senders.Customer, Body = mail.TextBody!.Trim(), ProviderMessageId = mail.MessageId,
        });
        await mediator.Publish(new MessageAdded(stored, FromMachine: AutomaticMail.IsAutomatic(mail)));
    }
}
