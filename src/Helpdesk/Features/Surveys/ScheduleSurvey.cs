using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// An order reaching the trigger (delivered, or fulfilled if so set) schedules its one survey, in the
/// transaction that records the order, so an acknowledged delivery never loses its survey. A replayed
/// webhook finds the survey already there; the unique order index settles a race between nodes.
/// Everything else (cancellation, unsubscribing, cooldown, open conversations) is judged when it is due.
/// A resolved conversation schedules its own survey the same way, in the resolution's commit: once
/// per resolution (a unique index on the conversation and the moment), credited to who resolved it.
/// </summary>
public static class ScheduleSurvey
{
    /// <param name="order">Saved: it has its id.</param>
    public static async Task ForOrderAsync(HelpdeskDbContext db, Order order, DateTime now)
    {
        // Most order news is a new, unshipped order: it costs the order intake no query.
        if (order.FulfilledAt is null && order.DeliveredAt is null) return;
        var settings = await SurveySettingsStore.GetAsync(db, CancellationToken.None);
        if (SurveyRules.ScheduleAt(settings, order.Status, order.FulfilledAt, order.DeliveredAt, now) is not { } due) return;
        if (await db.Surveys.AnyAsync(s => s.OrderId == order.Id)) return;
        db.Surveys.Add(new Survey
        {
            OrderId = order.Id, CustomerId = order.CustomerId, Token = SurveyRules.NewToken(),
            ScheduledFor = due, DueAt = due, CreatedAt = now,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Asks how it went, a delay after the resolution, unless there is nobody to ask: a marketplace
    /// lets us write only answers, an invitation or a follow-up nobody wrote in asks about nothing,
    /// and a customer who unsubscribed is not asked. Whether it was reopened meanwhile is judged when due.
    /// </summary>
    /// <param name="conversation">Resolved just now, in the caller's transaction.</param>
    public static async Task ForResolutionAsync(
        HelpdeskDbContext db, Conversation conversation, string channelKind, Resolved resolved, DateTime now)
    {
        if (channelKind == ChannelKinds.Marketplace) return;
        var settings = await SurveySettingsStore.GetAsync(db, CancellationToken.None);
        if (!settings.AfterResolutionEnabled) return;
        if (!await HasSomethingToAskAboutAsync(db, conversation.Id)) return;
        if (await db.Customers.AnyAsync(c => c.Id == conversation.CustomerId && c.SurveysUnsubscribedAt != null)) return;
        var due = resolved.At.AddMinutes(settings.AfterResolutionDelayMinutes);
        db.Surveys.Add(new Survey
        {
            Kind = SurveyKinds.Conversation, ConversationId = conversation.Id, ResolvedAt = resolved.At, AgentId = resolved.AgentId,
            CustomerId = conversation.CustomerId, Token = SurveyRules.NewToken(), ScheduledFor = due, DueAt = due, CreatedAt = now,
        });
    }

    /// <summary>
    /// Whether the customer wrote in it something of their own: after the last survey invitation in it,
    /// and besides the comment a low score opened it with.
    /// </summary>
    private static async Task<bool> HasSomethingToAskAboutAsync(HelpdeskDbContext db, long conversationId)
    {
        var lastInvitation = await db.Messages
            .Where(m => m.ConversationId == conversationId && m.Sender == Senders.Auto && m.ClientMessageId != null
                && m.ClientMessageId.StartsWith(InviteToSurveyHandler.KeyPrefix))
            .MaxAsync(m => (long?)m.Id) ?? 0;
        var fromCustomer = await db.Messages
            .CountAsync(m => m.ConversationId == conversationId && m.Sender == Senders.Customer && m.Id > lastInvitation);
        var seeded = await db.Surveys.AnyAsync(s => s.FollowUpConversationId == conversationId && s.Comment != null) ? 1 : 0;
        return fromCustomer > seeded;
    }
}
