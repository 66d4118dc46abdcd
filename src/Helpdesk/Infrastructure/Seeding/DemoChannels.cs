using System.Security.Cryptography;
using System.Text;
using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Channels.Email;
using Helpdesk.Features.Channels.Marketplace;
using Helpdesk.Features.Channels.Messenger;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>The demo shop's other sales channels: a support mailbox, a Facebook page and an Amazon seller account, each with conversations.</summary>
public static class DemoChannels
{
    private sealed record Turn(string Sender, string Body, int MinutesAgo, string? Quoted = null, Attachment? File = null, string? Delivery = null);

    private const string MailAddress = "support@nordlys-outdoor.example";

    public static async Task SeedAsync(HelpdeskDbContext db, ConversationLifecycle lifecycle, ReportRecorder reports, IReadOnlyList<Agent> agents, DateTime now, CancellationToken ct)
    {
        Channel Add(string kind, string name, ChannelSettings settings)
        {
            var channel = new Channel
            {
                Kind = kind, Name = name, SettingsJson = settings.ToJson(), CreatedAt = now.AddDays(-90),
                Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            };
            db.Channels.Add(channel);
            return channel;
        }
        var email = Add(ChannelKinds.Email, "Support mailbox", new EmailSettings { Address = MailAddress, DefaultLanguage = "en" });
        var messenger = Add(ChannelKinds.Messenger, "Facebook: Nordlys Outdoor", new MessengerSettings
        {
            PageId = "104811112345678", VerifyToken = "demo-verify-token", PageAccessToken = "demo-page-access-token",
        });
        var amazon = Add(ChannelKinds.Marketplace, "Amazon seller account",
            new MarketplaceSettings { ReplyUrl = "https://marketplace-relay.invalid/amazon/replies" });
        await db.SaveChangesAsync(ct);

        var invoice = new Attachment
        {
            FileName = "Rechnung-1017.pdf", ContentType = "application/pdf",
            Content = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
        };
        invoice.Size = invoice.Content.Length;

        await ConversationAsync(db, lifecycle, reports, email, "katrin.schulz@web.de", null, "Rechnung für meine Bestellung", "<demo-1@web.de>", now, agents[1],
        [
            new("c", "Hallo, ich brauche für meine Firma eine Rechnung mit unserer USt-IdNr. DE123456789. Die alte Rechnung hängt an.", 95,
                Quoted: "Am 12.11.2026 um 10:02 schrieb Nordlys Outdoor <support@nordlys-outdoor.example>:\n> Vielen Dank für Ihre Bestellung #1017!",
                File: invoice),
        ]);
        await ConversationAsync(db, lifecycle, reports, email, "james.walker@yahoo.co.uk", null, "Return label for my boots", "<demo-2@yahoo.co.uk>", now, agents[0],
        [
            new("c", "Hi, the Tind boots are half a size too small. Could you send me a return label?", 60 * 26),
            new("a", "Hi James, of course! The label is attached to this mail; drop the parcel at any post office within 30 days.", 60 * 25, Delivery: DeliveryStatuses.Sent),
            new("c", "Got it, thanks for the quick help!", 60 * 24,
                Quoted: "On Sun, 22 Nov 2026 at 09:14, Nordlys Outdoor <support@nordlys-outdoor.example> wrote:\n> Hi James, of course! The label is attached to this mail."),
        ]);
        await ConversationAsync(db, lifecycle, reports, messenger, null, "5873920184736251", "Messenger", "5873920184736251", now, agents[2],
        [
            new("c", "Hei! Har dere Vidde 2-teltet på lager igjen? 🏕️", 18),
        ], name: "Ingvild Berg", knownEmail: "ingvild.berg@gmail.com");
        await ConversationAsync(db, lifecycle, reports, messenger, null, "7318452096381274", "Messenger", "7318452096381274", now, agents[2],
        [
            new("c", "Do you deliver to Tromsø before Christmas?", 60 * 3),
            new("a", "Yes! Order by 18 December and it arrives in time.", 60 * 2,
                Delivery: DeliveryStatuses.Failed),
        ]);
        await ConversationAsync(db, lifecycle, reports, amazon, null, "amazon:A3NORD1K5JH2Q", "Question about order 404-5541230-8812", "amazon:T-4411", now, agents[3],
        [
            new("c", "The sleeping bag I ordered on Amazon has a small tear at the zip. Can I get a replacement?", 40),
        ], name: "Henrik Johansen", knownEmail: "henrik.johansen@hotmail.no");
    }

    private static async Task ConversationAsync(
        HelpdeskDbContext db, ConversationLifecycle lifecycle, ReportRecorder reports, Channel channel, string? emailAddress, string? providerContact, string subject,
        string threadId, DateTime now, Agent agent, Turn[] turns, string? name = null, string? knownEmail = null)
    {
        // The people write from the channels the demo shop's customers already use; a stranger is a new customer.
        var lookup = emailAddress ?? knownEmail;
        var customer = lookup is null ? null : await db.Customers.FirstOrDefaultAsync(c => c.Email == lookup);
        if (customer is null)
        {
            customer = new Customer { Name = name ?? CustomerNames.Unknown, CreatedAt = now.AddDays(-1) };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
        }
        var kind = channel.Kind == ChannelKinds.Messenger ? IdentityKinds.MessengerPsid : IdentityKinds.MarketplaceBuyerId;
        if (providerContact is not null) db.CustomerIdentities.Add(new CustomerIdentity { CustomerId = customer.Id, Kind = kind, Value = providerContact });

        var started = now.AddMinutes(-turns[0].MinutesAgo);
        var conversation = new Conversation
        {
            ChannelId = channel.Id, CustomerId = customer.Id, CustomerVerified = true, Subject = subject, ThreadId = threadId.Trim('<', '>'),
            ContactAddress = emailAddress ?? providerContact,
        };
        var events = new List<ConversationEvent>(lifecycle.Start(conversation, channel.Kind, PriorityFacts.Of(customer), started));
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();

        var number = 0;
        foreach (var turn in turns)
        {
            var at = now.AddMinutes(-turn.MinutesAgo);
            var fromCustomer = turn.Sender == "c";
            var message = new Message
            {
                ConversationId = conversation.Id, ChannelId = channel.Id, Sender = fromCustomer ? Senders.Customer : Senders.Agent,
                AgentId = fromCustomer ? null : agent.Id, AuthorName = fromCustomer ? null : agent.Name, Body = turn.Body,
                Quoted = turn.Quoted, CreatedAt = at,
                ProviderMessageId = fromCustomer ? (number++ == 0 ? conversation.ThreadId : $"{conversation.ThreadId}-{number}") : null,
            };
            if (turn.File is { } file) message.Attachments.Add(file);
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            if (turn.Delivery is { } status)
                db.Outbox.Add(new OutboxItem
                {
                    MessageId = message.Id, ConversationId = conversation.Id, ChannelId = channel.Id, Status = status,
                    Attempts = status == DeliveryStatuses.Sent ? 1 : 8, CreatedAt = at, NextAttemptAt = at,
                    SentAt = status == DeliveryStatuses.Sent ? at.AddSeconds(2) : null,
                    LastError = status == DeliveryStatuses.Failed
                        ? "Messenger answered 400 Bad Request: (#551) This person isn't available right now." : null,
                });
            events.AddRange(lifecycle.Apply(conversation, channel.Kind, fromCustomer
                ? new Transition.CustomerMessage(at, turn.Body)
                : new Transition.AgentReply(at, agent.Id, turn.Body)));
        }
        // A longer exchange ending with the customer's thanks waits for nothing more from us.
        if (conversation.WaitingSince is null || turns.Length > 2)
            events.AddRange(lifecycle.Apply(conversation, channel.Kind, new Transition.MarkPending(now)));
        await db.SaveChangesAsync();
        await reports.RecordAsync(db, conversation, events);
    }
}
