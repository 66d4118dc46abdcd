using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Features.Conversations;

/// <summary>Every state of a conversation against every transition, as a table; then the rules the table cannot show.</summary>
public sealed class ConversationLifecycleTests
{
    private static readonly DateTime Opened = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Asked = Opened.AddMinutes(1);
    private static readonly DateTime At = Opened.AddMinutes(30);
    private const long Owner = 7, Other = 3;
    private const string Chat = "storefront";
    private static readonly PriorityFacts Vip = new(Tiers.Vip, 9, 2_400m, "EUR");

    private readonly PriorityPolicy _policy = new(Options.Create(new PriorityOptions()));
    private ConversationLifecycle Lifecycle => new(_policy);

    /// <summary>The states a conversation can be found in; "waiting" is open with a customer's message unanswered.</summary>
    private Conversation InState(string state)
    {
        var c = new Conversation
        {
            Id = 50, CustomerId = 1, Status = ConversationStatuses.Open, Tier = Tiers.Returning, PriorityOrderCount = 2,
            PriorityValue = 160m, PriorityCurrency = "EUR", CreatedAt = Opened, LastMessageAt = Asked, LastMessagePreview = "Where is my parcel?",
            AssigneeId = Owner, FirstResponseAt = Asked.AddMinutes(2),
        };
        switch (state)
        {
            case "waiting":
                c.WaitingSince = Asked;
                c.AssigneeId = null;
                c.FirstResponseAt = null;
                break;
            case "answered":
                break;
            case "pending":
                c.Status = ConversationStatuses.Pending;
                break;
            case "snoozed":
                c.Status = ConversationStatuses.Snoozed;
                c.SnoozedUntil = At.AddHours(1);
                c.WaitingSince = Asked;
                break;
            case "resolved":
                c.Status = ConversationStatuses.Resolved;
                c.ResolvedAt = Asked.AddMinutes(5);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }
        c.DueAt = Lifecycle.DueAt(c, Chat);
        return c;
    }

    private static Transition Named(string transition) => transition switch
    {
        "customer message" => new Transition.CustomerMessage(At, "Any news?"),
        "agent reply" => new Transition.AgentReply(At, Other, "It left the warehouse today."),
        "auto-reply" => new Transition.AutoReply(At),
        "note" => new Transition.Note(At),
        "assign" => new Transition.Assign(At, Other),
        "resolve" => new Transition.Resolve(At),
        "reopen" => new Transition.Reopen(At),
        "mark pending" => new Transition.MarkPending(At),
        "snooze" => new Transition.Snooze(At, At.AddHours(2)),
        "wake" => new Transition.Wake(At),
        "merge" => new Transition.Merge(At, 2, Vip),
        "prioritize" => new Transition.Prioritize(At, Vip),
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };

    /// <summary>
    /// State × transition → the status after it, since when the customer waits ("-" for nobody,
    /// "asked" for the message before, "now" for the transition's time) and the events raised, in order.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Table => new()
    {
        { "waiting", "customer message", "open", "asked", "" },
        { "waiting", "agent reply", "open", "-", "FirstResponse AgentReplied Assigned" },
        { "waiting", "auto-reply", "open", "asked", "" },
        { "waiting", "note", "open", "asked", "" },
        { "waiting", "assign", "open", "asked", "Assigned" },
        { "waiting", "resolve", "resolved", "-", "Resolved" },
        { "waiting", "reopen", "open", "asked", "" },
        { "waiting", "mark pending", "pending", "-", "" },
        { "waiting", "snooze", "snoozed", "asked", "Snoozed" },
        { "waiting", "wake", "open", "asked", "" },
        { "waiting", "merge", "open", "asked", "PriorityChanged" },
        { "waiting", "prioritize", "open", "asked", "PriorityChanged" },

        { "answered", "customer message", "open", "now", "CustomerWaiting" },
        { "answered", "agent reply", "open", "-", "AgentReplied" },
        { "answered", "auto-reply", "open", "-", "" },
        { "answered", "note", "open", "-", "" },
        { "answered", "assign", "open", "-", "Assigned" },
        { "answered", "resolve", "resolved", "-", "Resolved" },
        { "answered", "reopen", "open", "-", "" },
        { "answered", "mark pending", "pending", "-", "" },
        { "answered", "snooze", "snoozed", "-", "Snoozed" },
        { "answered", "wake", "open", "-", "" },
        { "answered", "merge", "open", "-", "PriorityChanged" },
        { "answered", "prioritize", "open", "-", "PriorityChanged" },

        { "pending", "customer message", "open", "now", "CustomerWaiting" },
        { "pending", "agent reply", "pending", "-", "AgentReplied" },
        { "pending", "auto-reply", "pending", "-", "" },
        { "pending", "note", "pending", "-", "" },
        { "pending", "assign", "pending", "-", "Assigned" },
        { "pending", "resolve", "resolved", "-", "Resolved" },
        { "pending", "reopen", "open", "-", "" },
        { "pending", "mark pending", "pending", "-", "" },
        { "pending", "snooze", "snoozed", "-", "Snoozed" },
        { "pending", "wake", "pending", "-", "" },
        { "pending", "merge", "pending", "-", "PriorityChanged" },
        { "pending", "prioritize", "pending", "-", "PriorityChanged" },

        { "snoozed", "customer message", "open", "asked", "Woken" },
        { "snoozed", "agent reply", "snoozed", "-", "AgentReplied" },
        { "snoozed", "auto-reply", "snoozed", "asked", "" },
        { "snoozed", "note", "snoozed", "asked", "" },
        { "snoozed", "assign", "snoozed", "asked", "Assigned" },
        { "snoozed", "resolve", "resolved", "-", "Resolved" },
        { "snoozed", "reopen", "open", "asked", "Woken" },
        { "snoozed", "mark pending", "pending", "-", "" },
        { "snoozed", "snooze", "snoozed", "asked", "Snoozed" },
        { "snoozed", "wake", "open", "asked", "Woken" },
        { "snoozed", "merge", "snoozed", "asked", "PriorityChanged" },
        { "snoozed", "prioritize", "snoozed", "asked", "PriorityChanged" },

        { "resolved", "customer message", "open", "now", "Reopened CustomerWaiting" },
        { "resolved", "agent reply", "resolved", "-", "AgentReplied" },
        { "resolved", "auto-reply", "resolved", "-", "" },
        { "resolved", "note", "resolved", "-", "" },
        { "resolved", "assign", "resolved", "-", "Assigned" },
        { "resolved", "resolve", "resolved", "-", "" },
        { "resolved", "reopen", "open", "-", "Reopened" },
        { "resolved", "mark pending", "pending", "-", "Reopened" },
        { "resolved", "snooze", "snoozed", "-", "Snoozed" },
        { "resolved", "wake", "resolved", "-", "" },
        { "resolved", "merge", "resolved", "-", "PriorityChanged" },
        { "resolved", "prioritize", "resolved", "-", "PriorityChanged" },
    };

    [Fact]
    public void The_table_holds_every_state_against_every_transition()
    {
        var pairs = Table.Select(row => ((string)row[0], (string)row[1])).ToList();
        Assert.Equal(5 * 12, pairs.Distinct().Count());
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void A_transition_moves_the_conversation_and_says_what_happened(
        string state, string transition, string status, string waiting, string events)
    {
        var c = InState(state);
        var raised = Lifecycle.Apply(c, Chat, Named(transition));

        Assert.Equal(status, c.Status);
        Assert.Equal(waiting switch { "-" => null, "asked" => Asked, _ => At }, c.WaitingSince);
        Assert.Equal(events, string.Join(' ', raised.Select(e => e.GetType().Name)));
        // The due time follows from the state alone: the wait plus the tier's target, only while it is in the queue.
        var target = _policy.Target(c.Tier, Chat);
        Assert.Equal(c.WaitingSince is { } since && status is "open" or "pending" ? since + target : PriorityPolicy.NotWaiting, c.DueAt);
        Assert.Equal(status == "snoozed", c.SnoozedUntil is not null);
        Assert.Equal(status == "resolved", c.ResolvedAt is not null);
        Assert.All(raised, e => Assert.Equal(At, e.At));
    }

    [Fact]
    public void A_new_conversation_opens_with_the_customers_facts_and_nobody_waiting_until_they_write()
    {
        var c = new Conversation();
        var events = Lifecycle.Start(c, "email", Vip, Opened);

        Assert.Equal([new ConversationOpened(Opened, Tiers.Vip)], events);
        Assert.Equal((ConversationStatuses.Open, Tiers.Vip, 9, 2_400m, "EUR"), (c.Status, c.Tier, c.PriorityOrderCount, c.PriorityValue, c.PriorityCurrency));
        Assert.Equal(PriorityPolicy.NotWaiting, c.DueAt);

        Lifecycle.Apply(c, "email", new Transition.CustomerMessage(Asked, "Hello"));
        Assert.Equal(Asked + _policy.Target(Tiers.Vip, "email"), c.DueAt);
    }

    [Fact]
    public void The_first_answer_counts_from_the_start_and_each_answer_says_how_long_the_customer_waited()
    {
        var c = InState("waiting");
        var events = Lifecycle.Apply(c, Chat, Named("agent reply"));

        Assert.Contains(new FirstResponse(At, Other, At - Opened), events);
        Assert.Contains(new AgentReplied(At, Other, At - Asked, Tiers.Returning), events);
        Assert.Contains(new Assigned(At, Other, null), events);
        Assert.Equal((Other, At), (c.AssigneeId, c.FirstResponseAt));
        Assert.Equal("It left the warehouse today.", c.LastMessagePreview);
    }

    [Fact]
    public void An_automatic_reply_or_a_note_leaves_the_list_showing_the_customers_words() =>
        Assert.All(new[] { "auto-reply", "note" }, name =>
        {
            var c = InState("waiting");
            Lifecycle.Apply(c, Chat, Named(name));
            Assert.Equal(("Where is my parcel?", Asked), (c.LastMessagePreview, c.LastMessageAt));
        });

    [Fact]
    public void A_pin_keeps_its_place_through_any_priority_change_until_an_agent_answers()
    {
        var c = new Conversation();
        var top = Opened.AddMinutes(-10);
        var events = Lifecycle.Start(c, Chat, new PriorityFacts(Tiers.New, 0, 0, null), Opened, new Pin(top, "survey-score:2"));
        Assert.Equal(["ConversationOpened", "CustomerWaiting"], events.Select(e => e.GetType().Name));
        Assert.Equal(top, c.DueAt);

        Lifecycle.Apply(c, Chat, new Transition.Prioritize(Asked, Vip));
        Lifecycle.Apply(c, Chat, new Transition.CustomerMessage(Asked, "Still broken"));
        Assert.Equal(top, c.DueAt);

        Lifecycle.Apply(c, Chat, new Transition.AgentReply(At, Other, "Sorry, a new one is on its way."));
        Assert.Equal(PriorityPolicy.NotWaiting, c.DueAt);
        Assert.Equal("survey-score:2", c.PinReason);
        Lifecycle.Apply(c, Chat, new Transition.CustomerMessage(At.AddMinutes(1), "Thanks"));
        Assert.Equal(At.AddMinutes(1) + _policy.Target(Tiers.Vip, Chat), c.DueAt);
    }

    [Fact]
    public void A_merge_moves_the_conversation_to_the_surviving_customer_and_reports_the_new_due_time()
    {
        var c = InState("waiting");
        var events = Lifecycle.Apply(c, Chat, Named("merge"));

        Assert.Equal(2, c.CustomerId);
        Assert.Equal([new PriorityChanged(At, Tiers.Returning, Tiers.Vip, Asked + _policy.Target(Tiers.Vip, Chat))], events);
    }

    [Fact]
    public void The_same_facts_again_change_nothing()
    {
        var c = InState("waiting");
        Assert.Empty(Lifecycle.Apply(c, Chat, new Transition.Prioritize(At, new PriorityFacts(Tiers.Returning, 2, 160m, "EUR"))));
    }

    [Fact]
    public void A_snooze_ends_in_the_future_and_changes_nothing_otherwise()
    {
        var c = InState("waiting");
        Assert.Throws<ArgumentOutOfRangeException>(() => Lifecycle.Apply(c, Chat, new Transition.Snooze(At, At)));
        Assert.Equal((ConversationStatuses.Open, (DateTime?)null), (c.Status, c.SnoozedUntil));
    }

    [Fact]
    public void Assigning_to_whoever_has_it_already_is_no_event() =>
        Assert.Empty(Lifecycle.Apply(InState("answered"), Chat, new Transition.Assign(At, Owner)));

    [Fact]
    public void Resolving_reports_who_had_it_and_how_long_it_was_open()
    {
        var events = Lifecycle.Apply(InState("answered"), Chat, Named("resolve"));
        Assert.Equal([new Resolved(At, Owner, At - Opened)], events);
    }
}
