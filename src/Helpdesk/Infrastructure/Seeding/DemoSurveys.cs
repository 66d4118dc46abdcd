using Bogus;
using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Reports;
using Helpdesk.Features.Surveys;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Infrastructure.Seeding;

/// <summary>
/// The demo shop's satisfaction surveys: invitations for the orders delivered in the last weeks,
/// mostly answered and mostly happy, one unhappy answer waiting as a follow-up, and the surveys
/// of the latest deliveries still scheduled.
/// </summary>
public static class DemoSurveys
{
    private static readonly Dictionary<string, string[]> Comments = new()
    {
        ["en"] = ["Fast delivery and the jacket fits perfectly.", "Great quality, will order again!", "The tent arrived a day late, but everything was fine."],
        ["da"] = ["Hurtig levering og god kvalitet.", "Rigtig fin service, tak!", "Soveposen er dejlig varm."],
        ["de"] = ["Schnelle Lieferung, alles bestens.", "Gute Qualität, gerne wieder.", "Verpackung war etwas beschädigt, Ware aber in Ordnung."],
        ["nb"] = ["Rask levering og flott jakke!", "Veldig fornøyd med kjøpet.", "Alt kom frem som det skulle."],
        ["lv"] = ["Ātra piegāde, paldies!", "Ļoti laba kvalitāte.", "Viss kārtībā, iesaku."],
    };

    private static readonly Dictionary<string, string> Unhappy = new()
    {
        ["en"] = "The zip on the backpack broke on the first trip. Disappointed.",
        ["da"] = "Lynlåsen på rygsækken gik i stykker på første tur. Jeg er skuffet.",
        ["de"] = "Der Reißverschluss des Rucksacks ist schon auf der ersten Tour kaputtgegangen. Sehr enttäuschend.",
        ["nb"] = "Glidelåsen på sekken røk på første tur. Skuffende.",
        ["lv"] = "Mugursomas rāvējslēdzējs saplīsa jau pirmajā pārgājienā. Esmu vīlies.",
    };

    public static async Task SeedAsync(HelpdeskDbContext db, ConversationLifecycle lifecycle, ReportRecorder reports, StoreOptions store, DateTime now, CancellationToken ct)
    {
        var faker = new Faker { Random = new Randomizer(20261123) };
        var settings = new SurveySettings();
        var mailbox = await db.Channels.Where(c => c.Kind == ChannelKinds.Email).OrderBy(c => c.Id).FirstAsync(ct);
        var texts = await db.CannedResponses.AsNoTracking().Where(c => c.Purpose == Purposes.SurveyInvitation).ToListAsync(ct);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatuses.Delivered && o.DeliveredAt > now.AddDays(-45))
            .Join(db.Customers, o => o.CustomerId, c => c.Id, (o, c) => new { Order = o, Customer = c })
            .OrderBy(x => x.Order.DeliveredAt).ToListAsync(ct);
        var unhappyDone = false;

        foreach (var (order, customer) in orders.Select(x => (x.Order, x.Customer)))
        {
            var due = order.DeliveredAt!.Value.AddHours(settings.DelayHours);
            var survey = new Survey
            {
                OrderId = order.Id, CustomerId = customer.Id, Token = SurveyRules.NewToken(), ScheduledFor = due, DueAt = due,
                CreatedAt = order.DeliveredAt.Value,
            };
            db.Surveys.Add(survey);
            if (due > now)
            {
                await db.SaveChangesAsync(ct);
                continue;
            }

            // Sent by mail: the invitation is a resolved conversation in the customer's history.
            var text = Languages.Pick(texts, t => t.Locale, customer.Locale, null)!;
            var url = SurveyLinks.Page(store, survey.Token);
            var body = SurveyTexts.Invitation(Template.Render(text.Body, new Dictionary<string, string?>
            {
                [TemplateVariables.CustomerFirstName] = Features.Customers.CustomerNames.First(customer.Name),
                [TemplateVariables.OrderNumber] = order.Number,
                [TemplateVariables.StoreName] = store.Name,
                [TemplateVariables.SurveyUrl] = url,
            }), text.Locale, url, SurveyLinks.Unsubscribe(store, survey.Token));
            var invitation = new Conversation
            {
                ChannelId = mailbox.Id, CustomerId = customer.Id, CustomerVerified = true, ContactAddress = customer.Email, Subject = SurveyTexts.Subject(text.Locale, order.Number),
            };
            lifecycle.Start(invitation, mailbox.Kind, PriorityFacts.Of(customer), due);
            lifecycle.Apply(invitation, mailbox.Kind, new Transition.AutoReply(due));
            lifecycle.Apply(invitation, mailbox.Kind, new Transition.Resolve(due));
            db.Conversations.Add(invitation);
            await db.SaveChangesAsync(ct);
            var message = new Message
            {
                ConversationId = invitation.Id, ChannelId = mailbox.Id, Sender = Senders.Auto, Body = body, CreatedAt = due,
                ClientMessageId = InviteToSurveyHandler.MessageKey(survey.Id),
            };
            db.Messages.Add(message);
            await db.SaveChangesAsync(ct);
            db.Outbox.Add(new OutboxItem
            {
                MessageId = message.Id, ConversationId = invitation.Id, ChannelId = mailbox.Id, Status = DeliveryStatuses.Sent, Attempts = 1,
                CreatedAt = due, NextAttemptAt = due, SentAt = due.AddSeconds(2),
            });
            survey.Status = SurveyStatuses.Sent;
            survey.Channel = SurveyChannels.Email;
            survey.InvitationConversationId = invitation.Id;
            survey.Locale = text.Locale;
            survey.SentAt = due;

            var answeredAt = due.AddHours(faker.Random.Double(1, 30));
            if (answeredAt < now && faker.Random.Bool(0.7f))
            {
                var unhappy = !unhappyDone && answeredAt > now.AddDays(-3);
                // The unhappy answer came in just now, so its follow-up is fresh in the queue rather than hours overdue.
                if (unhappy) answeredAt = due.AddMinutes(1) > now.AddMinutes(-20) ? due.AddMinutes(1) : now.AddMinutes(-20);
                survey.Score = unhappy ? 2 : faker.Random.WeightedRandom([5, 4, 3], [0.6f, 0.3f, 0.1f]);
                survey.Nps = faker.Random.Bool(0.6f) ? (unhappy ? 3 : faker.Random.Int(7, 10)) : null;
                survey.Comment = unhappy ? Unhappy[text.Locale] : faker.Random.Bool(0.5f) ? faker.PickRandom(Comments[text.Locale]) : null;
                survey.AnsweredAt = survey.UpdatedAt = answeredAt;
                if (unhappy)
                {
                    unhappyDone = true;
                    await db.SaveChangesAsync(ct);
                    var followUp = await FollowUpConversation.OpenAsync(db, lifecycle, survey, order.Number, answeredAt);
                    await db.SaveChangesAsync(ct);
                    await reports.RecordAsync(db, followUp[0].Conversation, followUp[0].Events);
                }
                await db.SaveChangesAsync(ct);
                await reports.SurveyAnsweredAsync(db, survey, answeredAt);
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
