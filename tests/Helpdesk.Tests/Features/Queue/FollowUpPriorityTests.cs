using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Features.Queue;

/// <summary>A low survey score's follow-up has a deadline of its own, whatever else is in the queue.</summary>
public sealed class FollowUpPriorityTests
{
    private static readonly DateTime Morning = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private readonly PriorityPolicy _policy = new(Options.Create(new PriorityOptions()));
    private ConversationLifecycle Lifecycle => new(_policy);

    private Conversation FollowUp(DateTime openedAt, string kind = "email")
    {
        var c = new Conversation();
        Lifecycle.Start(c, kind, new PriorityFacts(Tiers.New, 0, 0, null), openedAt,
            Lifecycle.FollowUpPin(openedAt, kind, PriorityPolicy.SurveyScorePin(2)));
        return c;
    }

    [Fact]
    public void A_minute_old_follow_up_is_due_in_a_VIPs_time_not_overdue()
    {
        var followUp = FollowUp(Morning);
        Assert.Equal(Morning + _policy.Target(Tiers.Vip, "email"), followUp.DueAt);

        var reason = PriorityPolicy.Reason(Tiers.New, 0, 0, null, followUp.DueAt, Morning.AddMinutes(1), followUp.PinReason);
        Assert.Equal("Survey score 2/5 · New customer · due in 1 h 59 min", reason);
    }

    [Fact]
    public void Several_follow_ups_keep_the_order_they_were_opened_in()
    {
        var opened = new[] { Morning, Morning.AddMinutes(5), Morning.AddHours(1), Morning.AddHours(3) };
        var followUps = opened.Select(at => FollowUp(at)).ToList();

        Assert.Equal(opened, followUps.OrderBy(c => c.DueAt).Select(c => c.CreatedAt));
        Assert.All(followUps, c => Assert.Equal(c.CreatedAt + _policy.Target(Tiers.Vip, "email"), c.DueAt));
    }

    [Fact]
    public void A_follow_up_is_served_before_a_new_customer_who_wrote_at_the_same_time_but_not_before_one_long_overdue()
    {
        var followUp = FollowUp(Morning);
        var fresh = new Conversation { Status = ConversationStatuses.Open, Tier = Tiers.New, WaitingSince = Morning };
        var longOverdue = new Conversation { Status = ConversationStatuses.Open, Tier = Tiers.New, WaitingSince = Morning.AddDays(-2) };

        Assert.True(followUp.DueAt < Lifecycle.DueAt(fresh, "email"));
        Assert.True(Lifecycle.DueAt(longOverdue, "email") < followUp.DueAt);
    }

    [Fact]
    public void The_pin_holds_through_a_tier_change_and_a_new_message_until_an_agent_answers()
    {
        var followUp = FollowUp(Morning, "storefront");
        var due = followUp.DueAt;
        Lifecycle.Apply(followUp, "storefront", new Transition.Prioritize(Morning.AddMinutes(1), new PriorityFacts(Tiers.Returning, 3, 300m, "EUR")));
        Lifecycle.Apply(followUp, "storefront", new Transition.CustomerMessage(Morning.AddMinutes(2), "Still broken"));
        Assert.Equal(due, followUp.DueAt);

        Lifecycle.Apply(followUp, "storefront", new Transition.AgentReply(Morning.AddMinutes(3), 1, "Sorry, a new one is on its way."));
        Assert.Equal(PriorityPolicy.NotWaiting, followUp.DueAt);
    }
}
