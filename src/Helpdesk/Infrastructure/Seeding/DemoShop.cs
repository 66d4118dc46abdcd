using System.Security.Cryptography;
using Bogus;
using Helpdesk.Features.Agents;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using System.Text.Json;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// "Nordlys Outdoor", a small Nordic outdoor-gear shop: agents, a storefront widget, customers in
/// five languages and conversations in every state. Fixed seed: every install sees the same shop.
/// </summary>
public static class DemoShop
{
    private sealed record Person(string First, string Last, string Locale, string Domain);

    private static readonly Person[] People =
    [
        new("Mette", "Kristensen", "da", "gmail.com"), new("Rasmus", "Nielsen", "da", "outlook.dk"),
        new("Freja", "Andersen", "da", "hotmail.com"), new("Jonas", "Madsen", "da", "mail.dk"),
        new("Katrin", "Schulz", "de", "web.de"), new("Tobias", "Wagner", "de", "gmx.de"),
        new("Anna", "Hoffmann", "de", "gmail.com"), new("Felix", "Krüger", "de", "t-online.de"),
        new("Ola", "Nordmann", "nb", "online.no"), new("Ingvild", "Berg", "nb", "gmail.com"),
        new("Henrik", "Johansen", "nb", "hotmail.no"), new("Sigrid", "Larsen", "nb", "live.no"),
        new("Jānis", "Bērziņš", "lv", "inbox.lv"), new("Līga", "Kalniņa", "lv", "gmail.com"),
        new("Mārtiņš", "Ozols", "lv", "apollo.lv"), new("Emily", "Carter", "en", "gmail.com"),
        new("James", "Walker", "en", "yahoo.co.uk"), new("Olivia", "Bennett", "en", "icloud.com"),
        new("Noah", "Hughes", "en", "outlook.com"), new("Sophie", "Turner", "en", "gmail.com"),
        new("Lars", "Pedersen", "da", "gmail.com"), new("Julia", "Becker", "de", "posteo.de"),
        new("Marius", "Haugen", "nb", "gmail.com"), new("Elza", "Liepiņa", "lv", "gmail.com"),
    ];

    private sealed record Turn(string Sender, string Body);

    /// <summary>Chats as shoppers write them, by language; the last turn decides who waits.</summary>
    private static readonly Dictionary<string, Turn[][]> Chats = new()
    {
        ["en"] =
        [
            [new("c", "Hi! I ordered the Fjell 45L backpack on Monday, is it shipped yet?"),
             new("a", "Hi! Yes, it left our warehouse yesterday. You should have a tracking link in your inbox."),
             new("c", "Found it, thanks a lot!")],
            [new("c", "Do the Tind hiking boots run small? I'm usually a 42."),
             new("c", "Also, can I return them if they don't fit?")],
            [new("c", "My rain jacket arrived with a broken zip :( order #1047")],
        ],
        ["da"] =
        [
            [new("c", "Hej, kan jeg bytte min sovepose til en varmere model?"),
             new("a", "Hej! Ja, det kan du sagtens inden for 30 dage. Skal jeg sende dig en returlabel?"),
             new("c", "Ja tak, det vil være dejligt.")],
            [new("c", "Hvornår får I Vidde-teltet på lager igen?")],
            [new("c", "Jeg har ikke fået nogen ordrebekræftelse, er min bestilling gået igennem?")],
        ],
        ["de"] =
        [
            [new("c", "Guten Tag, liefern Sie auch nach Österreich?"),
             new("a", "Guten Tag! Ja, wir liefern nach Österreich, meist in 3–5 Werktagen.")],
            [new("c", "Hallo, meine Bestellung 1052 ist seit einer Woche unterwegs. Können Sie nachsehen?")],
            [new("c", "Ist die Daunenjacke Polar auch in Größe XL erhältlich?")],
        ],
        ["nb"] =
        [
            [new("c", "Hei! Jeg fikk feil farge på fleecejakken. Hva gjør jeg nå?"),
             new("a", "Hei! Så leit. Vi sender riktig farge i dag, og du får en gratis returlapp for den gamle.")],
            [new("c", "Har dere studentrabatt?")],
            [new("c", "Pakken min står som levert, men den er ikke her.")],
        ],
        ["lv"] =
        [
            [new("c", "Labdien! Vai jums ir pārgājienu zābaki 38. izmērā?"),
             new("a", "Labdien! Jā, Tind zābaki 38. izmērā ir noliktavā.")],
            [new("c", "Kā es varu atgriezt preci, ja tā neder?")],
        ],
    };

    private static readonly (string Sku, string Name, decimal Price)[] Products =
    [
        ("FJ-45", "Fjell 45L backpack", 189m), ("TI-BOOT", "Tind hiking boots", 219m), ("VI-2P", "Vidde 2-person tent", 349m),
        ("PO-DOWN", "Polar down jacket", 289m), ("RA-SHELL", "Regn rain jacket", 159m), ("FL-MID", "Fleece mid-layer", 79m),
        ("UL-SOCK", "Merino hiking socks (2 pairs)", 29m), ("SO-BAG", "Sovepose -10 °C sleeping bag", 229m),
        ("HE-LAMP", "Headlamp 400 lm", 49m), ("FL-BOT", "Insulated bottle 0.75 L", 35m),
    ];

    /// <summary>Orders per customer, by position in <see cref="People"/>: every tier is there.</summary>
    private static readonly int[] OrderCounts = [7, 0, 2, 1, 3, 0, 1, 5, 0, 2, 4, 1, 0, 6, 2, 1, 0, 3, 1, 0, 2, 0, 8, 1];

    public static async Task SeedAsync(
        HelpdeskDbContext db, IPasswordHasher<Agent> hasher, ConversationLifecycle lifecycle, PriorityPolicy priority, ReportRecorder reports,
        TierPolicy tiers, SeedOptions options, DateTime now, CancellationToken ct)
    {
        var waitingChats = 0;
        var faker = new Faker { Random = new Randomizer(20261122) };

        var agents = new[] { ("Sofie Jensen", "sofie"), ("Lukas Becker", "lukas"), ("Ingrid Solberg", "ingrid"), ("Elīna Ozola", "elina") }
            .Select(a => new Agent { Name = a.Item1, Email = $"{a.Item2}@nordlys-outdoor.example", ChatCapacity = 4, CreatedAt = now.AddDays(-90) })
            .ToList();
        foreach (var agent in agents)
            agent.PasswordHash = hasher.HashPassword(agent, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        db.Agents.AddRange(agents);

        var storefront = new Channel
        {
            Kind = ChannelKinds.Storefront, Name = "Nordlys Outdoor webshop", PublicKey = options.DemoPublicKey,
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), CreatedAt = now.AddDays(-90),
            SettingsJson = new StorefrontSettings
            {
                DefaultLanguage = "en", Color = "#0d6b58",
                Greeting = new()
                {
                    ["en"] = "Hi! Planning a trip north? Ask us about gear, sizes or your order.",
                    ["da"] = "Hej! Skal du nordpå? Spørg os om udstyr, størrelser eller din ordre.",
                },
            }.ToJson(),
        };
        db.Channels.Add(storefront);
        var shopify = new Channel
        {
            Kind = ChannelKinds.Shopify, Name = "Nordlys Outdoor (Shopify)", CreatedAt = now.AddDays(-90),
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        };
        db.Channels.Add(shopify);
        await db.SaveChangesAsync(ct);
        db.ChannelHours.Add(new ChannelHours { ChannelId = storefront.Id, Json = DemoHours(now).Write(), UpdatedAt = now });
        var orderNumber = 1001;

        foreach (var (person, index) in People.Select((p, i) => (p, i)))
        {
            var customer = new Customer
            {
                Name = $"{person.First} {person.Last}",
                Email = $"{Ascii(person.First)}.{Ascii(person.Last)}@{person.Domain}".ToLowerInvariant(),
                Locale = person.Locale,
                CreatedAt = now.AddDays(-faker.Random.Int(1, 400)),
            };
            customer.Identities.Add(new CustomerIdentity { Kind = IdentityKinds.Email, Value = customer.Email });
            db.Customers.Add(customer);
            var orders = Enumerable.Range(0, OrderCounts[index % OrderCounts.Length])
                .Select(_ => DemoOrder(faker, shopify.Id, orderNumber++, now)).OrderBy(o => o.PlacedAt).ToList();
            if (orders.Count > 0)
                customer.Identities.Add(new CustomerIdentity { Kind = IdentityKinds.StoreCustomerId, Value = (7_100_000 + index).ToString() });
            tiers.Apply(customer, orders);
            // Customers with orders chat signed in to the store; the others only typed their address.
            var signedIn = orders.Count > 0;
            var visitor = new Visitor
            {
                ChannelId = storefront.Id, CreatedAt = customer.CreatedAt, LastSeenAt = now,
                VerifiedAt = signedIn ? now : null, VerifiedBy = signedIn ? VerificationMethods.StoreLogin : null,
            };
            await db.SaveChangesAsync(ct);
            foreach (var order in orders) order.CustomerId = customer.Id;
            db.Orders.AddRange(orders);
            visitor.CustomerId = customer.Id;
            db.Visitors.Add(visitor);
            await db.SaveChangesAsync(ct);

            var scripts = Chats[person.Locale];
            var script = scripts[index % scripts.Length];
            // Answered chats spread over the past days; waiting ones are a live queue (see WaitingChatStart).
            var waits = script[^1].Sender == "c";
            var minutesAgo = waits ? faker.Random.Int(2, 25) : faker.Random.Int(60, 60 * 24 * 5);
            var agent = faker.PickRandom(agents);
            var gaps = script.Select(_ => faker.Random.Int(1, 4)).ToArray();
            var started = waits
                ? WaitingChatStart(script, gaps, priority.Target(customer.Tier, storefront.Kind), minutesAgo, overdue: waitingChats++ < OverdueChats, now)
                : now.AddMinutes(-minutesAgo);
            var conversation = new Conversation
            {
                ChannelId = storefront.Id, CustomerId = customer.Id, CustomerVerified = signedIn, VisitorId = visitor.Id, Subject = "Chat",
            };
            var events = new List<ConversationEvent>(lifecycle.Start(conversation, storefront.Kind, PriorityFacts.Of(customer), started));
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(ct);

            var at = started;
            foreach (var (turn, gap) in script.Zip(gaps))
            {
                var fromCustomer = turn.Sender == "c";
                db.Messages.Add(new Message
                {
                    ConversationId = conversation.Id, ChannelId = storefront.Id,
                    Sender = fromCustomer ? Senders.Customer : Senders.Agent,
                    AgentId = fromCustomer ? null : agent.Id, AuthorName = fromCustomer ? null : agent.Name,
                    Body = turn.Body, CreatedAt = at,
                });
                events.AddRange(lifecycle.Apply(conversation, storefront.Kind, fromCustomer
                    ? new Transition.CustomerMessage(at, turn.Body)
                    : new Transition.AgentReply(at, agent.Id, turn.Body)));
                at = at.AddMinutes(gap);
            }
            if (at > now) at = now;

            // Answered long ago is done; answered lately waits for the shopper.
            if (conversation.WaitingSince is null)
                events.AddRange(lifecycle.Apply(conversation, storefront.Kind,
                    started < now.AddDays(-1) ? new Transition.Resolve(at, agent.Id) : new Transition.MarkPending(at)));
            await db.SaveChangesAsync(ct);
            await reports.RecordAsync(db, conversation, events);
            if (conversation.Status != ConversationStatuses.Open)
            {
                conversation.AgentReadUpToId = await db.Messages.Where(m => m.ConversationId == conversation.Id).MaxAsync(m => m.Id, ct);
                await db.SaveChangesAsync(ct);
            }
        }

        // An internal note, to show that shoppers never see them.
        var waiting = await db.Conversations.Where(c => c.Status == ConversationStatuses.Open).OrderBy(c => c.Id).FirstAsync(ct);
        db.Messages.Add(new Message
        {
            ConversationId = waiting.Id, ChannelId = storefront.Id, Sender = Senders.Agent, AgentId = agents[0].Id,
            AuthorName = agents[0].Name, IsPrivate = true, CreatedAt = now.AddMinutes(-1),
            Body = "Checked the warehouse: the replacement is in stock. Offer free express shipping.",
        });
        await db.SaveChangesAsync(ct);

        await DemoChannels.SeedAsync(db, lifecycle, reports, agents, now, ct);
        await DemoHistory.SeedAsync(db, lifecycle, reports, agents, storefront, now, ct);
    }

    /// <summary>How many of the demo's waiting chats start overdue, to show what that looks like.</summary>
    private const int OverdueChats = 2;

    /// <summary>
    /// When a waiting chat started, so that a fresh demo opens on a calm queue: the shopper's unanswered
    /// messages are recent, within their tier's response target (the first few a little past it), whenever
    /// the demo is started.
    /// </summary>
    /// <param name="gaps">Minutes after each turn until the next one.</param>
    /// <param name="spread">A number from 2 to 25 that places this chat within (or past) its target.</param>
    private static DateTime WaitingChatStart(Turn[] script, int[] gaps, TimeSpan target, int spread, bool overdue, DateTime now)
    {
        var offsets = gaps.Select((_, i) => TimeSpan.FromMinutes(gaps.Take(i).Sum())).ToArray();
        var lastAgentTurn = Array.FindLastIndex(script, t => t.Sender != "c");
        var waitingOffset = offsets[lastAgentTurn + 1];
        var ago = overdue ? target + TimeSpan.FromMinutes(spread) : target * (spread / 30.0);
        // The shopper's last message must not lie in the future.
        var stillWriting = offsets[^1] - waitingOffset + TimeSpan.FromSeconds(30);
        if (ago < stillWriting) ago = stillWriting;
        return now - ago - waitingOffset;
    }

    /// <summary>A Danish shop's week: long weekdays, a short Saturday, and the coming Christmas and New Year.</summary>
    private static BusinessHoursDto DemoHours(DateTime now)
    {
        var year = now.Month == 12 && now.Day > 24 ? now.Year + 1 : now.Year;
        string Date(int y, int m, int d) => new DateOnly(y, m, d).ToString(Dates.Format, System.Globalization.CultureInfo.InvariantCulture);
        return new BusinessHoursDto("Europe/Copenhagen",
            [
                .. new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => new WeeklyHoursDto(day, "08:00", "20:00")),
                new WeeklyHoursDto("saturday", "10:00", "16:00"),
            ],
            [
                new HoursExceptionDto(Date(year, 12, 24), "Juleaften", Closed: false, [new HoursDto("09:00", "12:00")]),
                new HoursExceptionDto(Date(year, 12, 25), "Juledag", Closed: true, null),
                new HoursExceptionDto(Date(year, 12, 26), "2. juledag", Closed: true, null),
                new HoursExceptionDto(Date(year, 12, 31), "Nytårsaftensdag", Closed: false, [new HoursDto("09:00", "14:00")]),
                new HoursExceptionDto(Date(year + 1, 1, 1), "Nytårsdag", Closed: true, null),
            ]).Normalized();
    }

    private static Order DemoOrder(Faker faker, long channelId, int number, DateTime now)
    {
        var lines = faker.PickRandom(Products, faker.Random.Int(1, 3))
            .Select(p => new OrderLine(p.Sku, p.Name, p.Sku == "UL-SOCK" ? faker.Random.Int(1, 3) : 1, p.Price)).ToList();
        // A shop that is busy now: four in ten orders are from the last six weeks.
        var daysAgo = faker.Random.Double(2, 400);
        var placed = now.AddDays(-(daysAgo < 160 ? daysAgo / 4 : daysAgo));
        var status = faker.Random.WeightedRandom(
            [OrderStatuses.Delivered, OrderStatuses.Fulfilled, OrderStatuses.Paid, OrderStatuses.Cancelled, OrderStatuses.Refunded],
            [0.72f, 0.1f, 0.08f, 0.05f, 0.05f]);
        if (placed > now.AddDays(-5) && status == OrderStatuses.Delivered) status = OrderStatuses.Fulfilled;
        return new Order
        {
            ChannelId = channelId, ExternalId = (5_400_000_000 + number).ToString(), Number = $"#{number}",
            PlacedAt = placed, Status = status, Currency = "EUR", UpdatedAt = now,
            Total = lines.Sum(l => l.Price * l.Quantity) + (lines.Sum(l => l.Price * l.Quantity) >= 75 ? 0 : 5.95m),
            FulfilledAt = status is OrderStatuses.Fulfilled or OrderStatuses.Delivered or OrderStatuses.Refunded ? Past(placed.AddDays(1), now) : null,
            DeliveredAt = status is OrderStatuses.Delivered or OrderStatuses.Refunded ? Past(placed.AddDays(3), now) : null,
            LinesJson = JsonSerializer.Serialize(lines, JsonSerializerOptions.Web),
            TrackingJson = status is OrderStatuses.Fulfilled or OrderStatuses.Delivered
                ? ShipmentTracking.Write([DemoTracking(number)]) : "[]",
        };
    }

    /// <summary>
    /// A parcel with the shop's carriers, in each carrier's own number format and tracking page. Made from
    /// the order number, not drawn: the rest of the demo shop stays as it was.
    /// </summary>
    private static OrderTracking DemoTracking(int orderNumber)
    {
        var digits = (orderNumber * 7_919L + 104_729L) * 1_000_003L;
        return (orderNumber % 3) switch
        {
            0 => Parcel("PostNord", $"0037071{digits % 10_000_000_000_000:D13}", "https://tracking.postnord.com/dk/?id="),
            1 => Parcel("GLS", $"{digits % 100_000_000_000:D11}", "https://gls-group.com/DK/en/parcel-tracking?match="),
            _ => Parcel("DHL Express", $"{digits % 10_000_000_000:D10}", "https://www.dhl.com/dk-en/home/tracking.html?tracking-id="),
        };

        static OrderTracking Parcel(string carrier, string number, string page) => new(carrier, number, page + number);
    }

    private static DateTime Past(DateTime at, DateTime now) => at < now ? at : now.AddHours(-1);

    private static string Ascii(string name) => name
        .Replace("ā", "a").Replace("ē", "e").Replace("ī", "i").Replace("ū", "u").Replace("š", "s").Replace("ž", "z")
        .Replace("ņ", "n").Replace("ļ", "l").Replace("ķ", "k").Replace("ģ", "g").Replace("č", "c").Replace("Ā", "A")
        .Replace("Ē", "E").Replace("Ī", "I").Replace("Ļ", "L").Replace("Š", "S").Replace("ü", "ue").Replace("ö", "oe")
        .Replace("ä", "ae").Replace("ø", "o").Replace("å", "a").Replace("æ", "ae");
}
