using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// A low score's follow-up: a new conversation where the invitation went (the chat, the mail address,
/// the Messenger user), with the customer's comment as its first message and a private note summing
/// up the answer. It is pinned one second before the earliest open conversation, so it is at the top
/// of the queue and stays there, whatever the customer's tier or next message, until an agent answers.
/// </summary>
public static class FollowUpConversation
{
    /// <summary>Opens it in the caller's transaction; returns its messages, to announce after the commit.</summary>
    public static async Task<List<StoredMessage>> OpenAsync(HelpdeskDbContext q, Survey survey, string orderNumber, DateTime now)
    {
        var invitation = await q.Conversations.AsNoTracking().FirstAsync(c => c.Id == survey.InvitationConversationId);
        var customer = await q.Customers.AsNoTracking().FirstAsync(c => c.Id == survey.CustomerId);
        var firstDue = await q.Conversations.Where(c => c.Status == ConversationStatuses.Open).MinAsync(c => (DateTime?)c.DueAt);
        var top = firstDue is { } first && first <= now ? first.AddSeconds(-1) : now;
        var summary = SurveyTexts.Summary(orderNumber, survey.Score, survey.Nps, survey.Comment is not null);
        var preview = survey.Comment ?? summary;
        var conversation = q.Conversations.Add(new Conversation
        {
            ChannelId = invitation.ChannelId, CustomerId = survey.CustomerId, CustomerVerified = true, VisitorId = invitation.VisitorId,
            ContactAddress = invitation.ContactAddress,
            Subject = SurveyTexts.FollowUpSubject(survey.Locale ?? CannedResponses.Languages.Fallback, orderNumber),
            Tier = customer.Tier,
            PriorityReason = PriorityPolicy.Who(customer.Tier, customer.OrderCount, customer.LifetimeValue, customer.Currency),
            PinReason = PriorityPolicy.SurveyScorePin(survey.Score!.Value), PinnedDueAt = top, DueAt = top, WaitingSince = now,
            CreatedAt = now, LastMessageAt = now,
            LastMessagePreview = preview.Length <= 140 ? preview : preview[..140],
        }).Entity;
        await q.SaveChangesAsync();
        survey.FollowUpConversationId = conversation.Id;

        var messages = new List<Message>();
        if (survey.Comment is { } comment) messages.Add(new Message { Sender = Senders.Customer, Body = comment });
        messages.Add(new Message { Sender = Senders.System, AuthorName = "Satisfaction survey", Body = summary, IsPrivate = true });
        foreach (var m in messages)
        {
            m.ConversationId = conversation.Id;
            m.ChannelId = conversation.ChannelId;
            m.CreatedAt = now;
            q.Messages.Add(m);
        }
        await q.SaveChangesAsync();
        return messages.Select((m, i) => new StoredMessage(m, conversation, IsNew: true, StartedConversation: i == 0)).ToList();
    }
}
