using Bogus;
using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Helpdesk.Features.Surveys;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// The demo shop's last eight weeks of support, so the reports have something to say: chats and
/// mails answered and resolved through the conversation lifecycle and recorded as they would have
/// been, busier on weekdays and in the afternoon, returning customers answered faster, a few
/// reopened, most resolutions rated. Evenings wait for the next morning, as a small shop's do.
/// </summary>
public static class DemoHistory
{
    private const int Weeks = 8;

    private sealed record Exchange(string Question, string Answer, string Thanks);

    private static readonly Dictionary<string, Exchange[]> Exchanges = new()
    {
        ["en"] =
        [
            new("Is the Fjell 45L backpack waterproof?", "It is water-resistant; with the rain cover it stays dry in a downpour.", "Great, thanks!"),
            new("Can I change the size of my order before it ships?", "Done: I changed it to size L, it ships today.", "Perfect, thank you."),
            new("Where is my parcel? The tracking has not moved for two days.", "The carrier had a delay at the depot; it is out for delivery tomorrow.", "Thanks for checking."),
        ],
        ["da"] =
        [
            new("Hvornår kommer soveposerne på lager igen?", "Vi forventer dem på fredag, jeg kan give dig besked.", "Ja tak!"),
            new("Kan jeg returnere et par støvler, jeg har prøvet indendørs?", "Ja, inden for 30 dage. Jeg sender en returlabel.", "Tusind tak."),
            new("Min ordre er ikke kommet endnu.", "Den er på vej og bliver leveret i morgen.", "Super, tak."),
        ],
        ["de"] =
        [
            new("Gibt es die Regenjacke auch in Größe XXL?", "Ja, ab nächster Woche wieder auf Lager.", "Danke!"),
            new("Kann ich meine Bestellung noch ändern?", "Ich habe die Adresse geändert, sie geht heute raus.", "Vielen Dank."),
            new("Wie pflege ich die Daunenjacke?", "Bei 30 °C mit Daunenwaschmittel waschen und mit Tennisbällen trocknen.", "Super, danke."),
        ],
        ["nb"] =
        [
            new("Har dere teltet i grønt også?", "Ja, det kommer på lager igjen neste uke.", "Takk!"),
            new("Kan jeg bytte jakken til en større størrelse?", "Selvfølgelig, jeg sender deg en returetikett.", "Tusen takk."),
            new("Pakken min har ikke kommet.", "Den er forsinket hos fraktselskapet, men kommer i morgen.", "Takk for svar."),
        ],
        ["lv"] =
        [
            new("Vai šī jaka ir ūdensnecaurlaidīga?", "Jā, tai ir ūdensnecaurlaidīga membrāna.", "Paldies!"),
            new("Vai varu mainīt pasūtījuma adresi?", "Adrese nomainīta, sūtījums iziet šodien.", "Liels paldies."),
            new("Kad pienāks mana paka?", "Tā tiks piegādāta rīt.", "Paldies par atbildi."),
        ],
    };

    private static readonly int[] Hours = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    private static readonly float[] HourWeights = Weights(1, 3, 5, 7, 8, 8, 9, 10, 10, 9, 8, 7, 6, 5, 3);

    /// <summary>Relative weights as the shares that Bogus's weighted pick expects (they sum to 1).</summary>
    private static float[] Weights(params float[] relative) => relative.Select(w => w / relative.Sum()).ToArray();

    public static async Task SeedAsync(
        HelpdeskDbContext db, ConversationLifecycle lifecycle, ReportRecorder reports, IReadOnlyList<Agent> agents, Channel storefront,
        DateTime now, CancellationToken ct)
    {
        var faker = new Faker { Random = new Randomizer(20261205) };
        var mailbox = await db.Channels.Where(c => c.Kind == ChannelKinds.Email).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        var customers = await db.Customers.Where(c => c.Email != null).OrderBy(c => c.Id).ToListAsync(ct);
        var today = now.Date;

        for (var day = today.AddDays(-7 * Weeks); day < today; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var count = weekend ? faker.Random.Int(2, 5) : faker.Random.Int(6, 12);
            for (var i = 0; i < count; i++)
            {
                // Shoppers write from morning to late evening, most in the afternoon (UTC, the shop is an hour ahead).
                var hour = faker.Random.WeightedRandom(Hours, HourWeights);
                var started = day.AddHours(hour).AddMinutes(faker.Random.Int(0, 59));
                // Everything here is over: answered, resolved and rated before today's queue.
                if (started > now.AddDays(-1)) continue;
                var customer = faker.PickRandom(customers);
                var channel = mailbox is not null && faker.Random.Bool(0.25f) ? mailbox : storefront;
                await ConversationAsync(db, lifecycle, reports, faker, agents, channel, customer, started, now, ct);
            }
        }
    }

    private static async Task ConversationAsync(
        HelpdeskDbContext db, ConversationLifecycle lifecycle, ReportRecorder reports, Faker faker, IReadOnlyList<Agent> agents,
        Channel channel, Customer customer, DateTime started, DateTime now, CancellationToken ct)
    {
        var locale = Exchanges.ContainsKey(customer.Locale ?? "") ? customer.Locale! : "en";
        var exchange = faker.PickRandom(Exchanges[locale]);
        var conversation = new Conversation
        {
            ChannelId = channel.Id, CustomerId = customer.Id, CustomerVerified = true,
            Subject = channel.Kind == ChannelKinds.Email ? exchange.Question : "Chat",
            ContactAddress = channel.Kind == ChannelKinds.Email ? customer.Email : null,
        };
        var events = new List<ConversationEvent>(lifecycle.Start(conversation, channel.Kind, PriorityFacts.Of(customer), started));
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);

        var agent = faker.Random.ListItem(agents.ToList());
        var messages = new List<Message>();
        void Say(string sender, string body, DateTime at, Agent? by = null)
        {
            messages.Add(new Message
            {
                ConversationId = conversation.Id, ChannelId = channel.Id, Sender = sender, AgentId = by?.Id, AuthorName = by?.Name,
                Body = body, CreatedAt = at,
            });
            events.AddRange(lifecycle.Apply(conversation, channel.Kind, sender == Senders.Customer
                ? new Transition.CustomerMessage(at, body)
                : new Transition.AgentReply(at, by!.Id, body)));
        }

        Say(Senders.Customer, exchange.Question, started);
        var answered = Answer(faker, customer.Tier, started, channel.Kind == ChannelKinds.Email);
        Say(Senders.Agent, exchange.Answer, answered, agent);
        var thanked = answered.AddMinutes(faker.Random.Int(1, 20));
        Say(Senders.Customer, exchange.Thanks, thanked);
        var resolved = thanked.AddMinutes(faker.Random.Int(1, 30));
        // Now and then a colleague tidies up what another answered.
        var resolver = faker.Random.Bool(0.15f) ? faker.Random.ListItem(agents.ToList()) : agent;
        events.AddRange(lifecycle.Apply(conversation, channel.Kind, new Transition.Resolve(resolved, resolver.Id)));

        // A few come back the next day: the resolution did not hold.
        if (faker.Random.Bool(0.08f) && resolved.AddDays(3) < now)
        {
            var back = resolved.AddHours(faker.Random.Int(14, 30));
            Say(Senders.Customer, exchange.Question, back);
            var again = Answer(faker, customer.Tier, back, channel.Kind == ChannelKinds.Email);
            Say(Senders.Agent, exchange.Answer, again, resolver);
            resolved = again.AddMinutes(faker.Random.Int(5, 40));
            events.AddRange(lifecycle.Apply(conversation, channel.Kind, new Transition.Resolve(resolved, resolver.Id)));
        }
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync(ct);
        conversation.AgentReadUpToId = messages[^1].Id;
        await db.SaveChangesAsync(ct);
        await reports.RecordAsync(db, conversation, events);

        // Most customers rate the resolution, mostly happily.
        if (!faker.Random.Bool(0.6f)) return;
        var asked = resolved.AddMinutes(5);
        var survey = new Survey
        {
            Kind = SurveyKinds.Conversation, ConversationId = conversation.Id, ResolvedAt = resolved, AgentId = resolver.Id,
            CustomerId = customer.Id, Token = SurveyRules.NewToken(), ScheduledFor = asked, DueAt = asked, CreatedAt = resolved,
            Status = SurveyStatuses.Sent, SentAt = asked, InvitationConversationId = conversation.Id, Locale = locale,
            Channel = channel.Kind == ChannelKinds.Email ? SurveyChannels.Email : SurveyChannels.Widget,
            Score = faker.Random.WeightedRandom([5, 4, 3, 2, 1], [0.55f, 0.27f, 0.1f, 0.05f, 0.03f]),
        };
        survey.AnsweredAt = survey.UpdatedAt = asked.AddMinutes(faker.Random.Int(1, 600));
        if (survey.AnsweredAt > now) return;
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        await reports.SurveyAnsweredAsync(db, survey, survey.AnsweredAt.Value);
    }

    /// <summary>
    /// When an agent answers: returning and VIP customers first, the rest as the queue allows; mail
    /// more slowly than chat; after 19:00 (UTC) not before the next morning.
    /// </summary>
    private static DateTime Answer(Faker faker, string tier, DateTime asked, bool mail)
    {
        var minutes = tier switch
        {
            Tiers.Vip => faker.Random.Int(1, 6),
            Tiers.Returning => faker.Random.Int(2, 12),
            Tiers.FirstTime => faker.Random.Int(4, 30),
            _ => faker.Random.Int(6, 55),
        } * (mail ? 4 : 1);
        var at = asked.AddMinutes(minutes);
        return at.Hour >= 19 ? at.Date.AddDays(1).AddHours(7).AddMinutes(faker.Random.Int(0, 45)) : at;
    }
}
