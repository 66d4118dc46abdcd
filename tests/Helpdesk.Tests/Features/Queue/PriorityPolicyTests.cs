using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Features.Queue;

public sealed class PriorityPolicyTests
{
    private readonly ConversationLifecycle _lifecycle = new(new PriorityPolicy(Options.Create(new PriorityOptions())));
    private static readonly DateTime Arrived = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>The due time of an open conversation of the tier on the channel kind, waiting since then (or not at all).</summary>
    private DateTime DueAt(string tier, string kind, DateTime? waitingSince) =>
        _lifecycle.DueAt(new Conversation { Status = ConversationStatuses.Open, Tier = tier, WaitingSince = waitingSince }, kind);

    [Theory]
    [InlineData("vip", "storefront", 2)]
    [InlineData("returning", "storefront", 5)]
    [InlineData("first-time", "storefront", 10)]
    [InlineData("new", "storefront", 15)]
    [InlineData("vip", "email", 120)]
    [InlineData("new", "marketplace", 720)]
    public void Due_time_is_arrival_plus_the_target_for_tier_and_channel(string tier, string kind, int minutes) =>
        Assert.Equal(Arrived.AddMinutes(minutes), DueAt(tier, kind, Arrived));

    [Fact]
    public void A_conversation_with_nothing_waiting_comes_after_every_waiting_one() =>
        Assert.True(DueAt("vip", "storefront", null) > DueAt("new", "email", Arrived.AddYears(50)));

    [Fact]
    public void Marketplaces_cap_the_target_at_a_day()
    {
        var policy = new PriorityPolicy(Options.Create(new PriorityOptions
        {
            Async = new ResponseTargets { Vip = 120, Returning = 240, FirstTime = 480, New = 2000 },
        }));
        Assert.Equal(TimeSpan.FromHours(24), policy.Target("new", "marketplace"));
        Assert.Equal(TimeSpan.FromMinutes(2000), policy.Target("new", "email"));
    }

    [Fact]
    public void Nobody_starves_a_new_customer_eventually_outranks_every_later_vip()
    {
        // VIPs keep arriving every minute; the new customer's deadline is fixed at arrival + 15 min,
        // so every VIP who arrives more than 13 minutes after them is behind them in the queue.
        var newCustomer = DueAt("new", "storefront", Arrived);
        var vips = Enumerable.Range(0, 120).Select(m => DueAt("vip", "storefront", Arrived.AddMinutes(m))).ToList();
        Assert.All(vips.Skip(14), vip => Assert.True(newCustomer < vip));
        Assert.Equal(14, vips.Count(vip => vip <= newCustomer));
    }

    [Fact]
    public void An_older_new_customer_outranks_a_later_vip()
    {
        var newCustomer = DueAt("new", "storefront", Arrived);
        var laterVip = DueAt("vip", "storefront", Arrived.AddMinutes(14));
        Assert.True(newCustomer < laterVip);
    }

    [Theory]
    [InlineData(4, "New customer · due in 4 min")]
    [InlineData(-130, "New customer · overdue by 2 h 10 min")]
    [InlineData(0.5, "New customer · due in under a minute")]
    public void The_reason_says_who_and_when_in_words(double minutesLeft, string expected)
    {
        var now = Arrived;
        Assert.Equal(expected, PriorityPolicy.Reason("new", 0, 0, null, now.AddMinutes(minutesLeft), now));
    }

    [Fact]
    public void An_answered_conversation_says_so() =>
        Assert.Equal("VIP customer · answered", PriorityPolicy.Reason("vip", 0, 0, null, PriorityPolicy.NotWaiting, Arrived));
}
