using Helpdesk.Features.Orders;
using Helpdesk.Features.Surveys;

namespace Helpdesk.Tests.Features.Surveys;

public sealed class SurveyRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Step = TimeSpan.FromHours(1);

    private static SurveySettings Settings(bool enabled = true, string trigger = SurveyTriggers.Delivered, int delayHours = 24, int cooldownDays = 30) =>
        new() { Enabled = enabled, Trigger = trigger, DelayHours = delayHours, CooldownDays = cooldownDays };

    private static SurveyCircumstances Due(
        string status = OrderStatuses.Delivered, bool unsubscribed = false, DateTime? lastSentAt = null, bool busy = false, DateTime? scheduledFor = null) =>
        new(status, unsubscribed, lastSentAt, busy, scheduledFor ?? Now.AddHours(-1));

    [Fact]
    public void A_delivered_order_is_due_the_delay_after_its_delivery()
    {
        var delivered = Now.AddHours(-2);
        Assert.Equal(delivered.AddHours(24), SurveyRules.ScheduleAt(Settings(), OrderStatuses.Delivered, Now.AddDays(-1), delivered, Now));
        Assert.Equal(delivered, SurveyRules.ScheduleAt(Settings(delayHours: 0), OrderStatuses.Delivered, null, delivered, Now));
    }

    [Fact]
    public void Waiting_for_delivery_a_fulfilled_order_is_not_scheduled_unless_fulfilment_is_the_trigger()
    {
        var shipped = Now.AddHours(-3);
        Assert.Null(SurveyRules.ScheduleAt(Settings(), OrderStatuses.Fulfilled, shipped, null, Now));
        Assert.Equal(shipped.AddHours(24), SurveyRules.ScheduleAt(Settings(trigger: SurveyTriggers.Fulfilled), OrderStatuses.Fulfilled, shipped, null, Now));
        // Delivered with no shipping date known: delivery counts as fulfilment.
        Assert.Equal(shipped.AddHours(24), SurveyRules.ScheduleAt(Settings(trigger: SurveyTriggers.Fulfilled), OrderStatuses.Delivered, null, shipped, Now));
    }

    [Theory]
    [InlineData(OrderStatuses.Cancelled)]
    [InlineData(OrderStatuses.Refunded)]
    [InlineData(OrderStatuses.Pending)]
    public void Orders_that_did_not_arrive_as_a_purchase_are_not_scheduled(string status) =>
        Assert.Null(SurveyRules.ScheduleAt(Settings(), status, Now.AddDays(-2), Now.AddDays(-1), Now));

    [Fact]
    public void A_paid_order_waits_for_its_delivery() =>
        Assert.Null(SurveyRules.ScheduleAt(Settings(), OrderStatuses.Paid, null, null, Now));

    [Fact]
    public void Disabled_surveys_and_old_history_are_not_scheduled()
    {
        Assert.Null(SurveyRules.ScheduleAt(Settings(enabled: false), OrderStatuses.Delivered, null, Now, Now));
        Assert.Null(SurveyRules.ScheduleAt(Settings(), OrderStatuses.Delivered, null, Now.AddDays(-31), Now));
        Assert.NotNull(SurveyRules.ScheduleAt(Settings(), OrderStatuses.Delivered, null, Now.AddDays(-29), Now));
    }

    [Fact]
    public void A_due_survey_of_a_happy_customer_is_sent() =>
        Assert.IsType<SurveyDecision.Send>(SurveyRules.Decide(Settings(), Due(), Now, Step));

    [Theory]
    [InlineData(OrderStatuses.Cancelled, SkipReasons.OrderCancelled)]
    [InlineData(OrderStatuses.Refunded, SkipReasons.OrderRefunded)]
    public void An_order_cancelled_or_refunded_before_the_survey_was_due_is_skipped(string status, string reason) =>
        Assert.Equal(reason, Assert.IsType<SurveyDecision.Skip>(SurveyRules.Decide(Settings(), Due(status), Now, Step)).Reason);

    [Fact]
    public void Unsubscribed_customers_and_disabled_surveys_are_skipped()
    {
        Assert.Equal(SkipReasons.Unsubscribed, Assert.IsType<SurveyDecision.Skip>(SurveyRules.Decide(Settings(), Due(unsubscribed: true), Now, Step)).Reason);
        Assert.Equal(SkipReasons.Disabled, Assert.IsType<SurveyDecision.Skip>(SurveyRules.Decide(Settings(enabled: false), Due(), Now, Step)).Reason);
    }

    [Fact]
    public void The_cooldown_counts_from_the_last_invitation()
    {
        var settings = Settings(cooldownDays: 30);
        Assert.Equal(SkipReasons.Cooldown,
            Assert.IsType<SurveyDecision.Skip>(SurveyRules.Decide(settings, Due(lastSentAt: Now.AddDays(-29)), Now, Step)).Reason);
        Assert.IsType<SurveyDecision.Send>(SurveyRules.Decide(settings, Due(lastSentAt: Now.AddDays(-30)), Now, Step));
        Assert.IsType<SurveyDecision.Send>(SurveyRules.Decide(Settings(cooldownDays: 0), Due(lastSentAt: Now.AddMinutes(-1)), Now, Step));
    }

    [Fact]
    public void An_open_conversation_postpones_the_survey_until_it_has_waited_two_weeks()
    {
        var postponed = Assert.IsType<SurveyDecision.Postpone>(SurveyRules.Decide(Settings(), Due(busy: true, scheduledFor: Now.AddDays(-13)), Now, Step));
        Assert.Equal(Now + Step, postponed.Until);
        Assert.Equal(SkipReasons.Busy,
            Assert.IsType<SurveyDecision.Skip>(SurveyRules.Decide(Settings(), Due(busy: true, scheduledFor: Now.AddDays(-14)), Now, Step)).Reason);
    }

    [Fact]
    public void Reasons_to_skip_come_before_waiting()
    {
        var decision = SurveyRules.Decide(Settings(), Due(OrderStatuses.Refunded, busy: true), Now, Step);
        Assert.Equal(SkipReasons.OrderRefunded, Assert.IsType<SurveyDecision.Skip>(decision).Reason);
    }

    [Fact]
    public void A_link_stays_open_thirty_days_unanswered_and_a_week_after_the_first_answer()
    {
        var survey = new Survey { Token = "t" };
        Assert.Null(SurveyRules.OpenUntil(survey));
        survey.SentAt = Now;
        Assert.Equal(Now.AddDays(30), SurveyRules.OpenUntil(survey));
        survey.AnsweredAt = Now.AddDays(2);
        Assert.Equal(Now.AddDays(9), SurveyRules.OpenUntil(survey));
    }

    [Fact]
    public void Tokens_are_long_random_and_safe_in_a_url()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SurveyRules.NewToken()).ToList();
        Assert.Equal(1000, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
    }

    [Theory]
    [InlineData(1, 2, true)]
    [InlineData(2, 2, true)]
    [InlineData(3, 2, false)]
    [InlineData(1, 0, false)]
    public void A_score_at_or_under_the_threshold_is_low(int score, int threshold, bool low) =>
        Assert.Equal(low, SurveyRules.IsLow(score, threshold));

    [Fact]
    public void Every_invitation_carries_its_link_and_an_unsubscribe_line_in_its_language()
    {
        const string url = "https://help.example/survey/abc";
        var kept = SurveyTexts.Invitation($"Hej Mette\n\nSvar her: {url}", "da", url, url + "?unsubscribe=1");
        Assert.Equal($"Hej Mette\n\nSvar her: {url}\n\nVil du ikke have flere undersøgelser? Afmeld her: {url}?unsubscribe=1", kept);

        // An admin's text that lost the link still leads to the survey.
        var added = SurveyTexts.Invitation("Wie war es?", "de-AT", url, url + "?unsubscribe=1");
        Assert.StartsWith($"Wie war es?\n\n{url}\n\n", added);
        Assert.EndsWith("Hier abmelden: " + url + "?unsubscribe=1", added);
        Assert.Contains("Unsubscribe:", SurveyTexts.Invitation(url, "fr", url, url + "?u"));
    }
}
