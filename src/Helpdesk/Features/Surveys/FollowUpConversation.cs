using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// A low score's follow-up: a new conversation where the invitation went (the chat, the mail address,
/// the Messenger user), with the customer's comment as its first message and a private note summing
/// up the answer. Its due time is pinned to its own opening plus a VIP's target (see PriorityPolicy.FollowUpDue),
/// whatever the customer's tier or next message, until an agent answers.
/// </summary>
public static class FollowUpConversation
{
    /// <summary>Opens it in the caller's transaction; returns its messages, to announce after the commit.</summary>
    /// <param name="orderNumber">A purchase survey's order; null for one after a resolution.</param>
    public static async Task<List<StoredMessage>> OpenAsync(
        HelpdeskDbContext q, ConversationLifecycle lifecycle, Survey survey, string? orderNumber, DateTime now)
    {
        var invitation = await q.Conversations.AsNoTracking().FirstAsync(c => c.Id == survey.InvitationConversationId);
        var customer = await q.Customers.AsNoTracking().FirstAsync(c => c.Id == survey.CustomerId);
        var kind = await q.Channels.Where(c => c.Id == invitation.ChannelId).Select(c => c.Kind).FirstAsync();
        var about = orderNumber is null ? $"conversation #{survey.ConversationId}" : $"order {orderNumber}";
        var summary = SurveyTexts.Summary(about, survey.Score, survey.Nps, survey.Comment is not null);
        var conversation = new Conversation
        {
            ChannelId = invitation.ChannelId, CustomerId = survey.CustomerId, CustomerVerified = true, VisitorId = invitation.VisitorId,
            ContactAddress = invitation.ContactAddress,
            Subject = SurveyTexts.FollowUpSubject(survey.Locale ?? CannedResponses.Languages.Fallback, orderNumber),
            LastMessagePreview = summary.Length <= 140 ? summary : summary[..140],
        };
        var events = lifecycle.Start(conversation, kind, PriorityFacts.Of(customer), now,
            lifecycle.FollowUpPin(now, kind, PriorityPolicy.SurveyScorePin(survey.Score!.Value))).ToList();

        var messages = new List<Message>();
        if (survey.Comment is { } comment)
        {
            messages.Add(new Message { Sender = Senders.Customer, Body = comment });
            events.AddRange(lifecycle.Apply(conversation, kind, new Transition.CustomerMessage(now, comment)));
        }
        messages.Add(new Message { Sender = Senders.System, AuthorName = "Satisfaction survey", Body = summary, IsPrivate = true });
        events.AddRange(lifecycle.Apply(conversation, kind, new Transition.Note(now)));
        q.Conversations.Add(conversation);
        await q.SaveChangesAsync();
        survey.FollowUpConversationId = conversation.Id;
        foreach (var m in messages)
        {
            m.ConversationId = conversation.Id;
            m.ChannelId = conversation.ChannelId;
            m.CreatedAt = now;
            q.Messages.Add(m);
        }
        await q.SaveChangesAsync();
        // The conversation's events go with its first message.
        return messages.Select((m, i) => new StoredMessage(m, conversation, IsNew: true)
        {
            Events = i == 0 ? events : [],
        }).ToList();
    }
}
