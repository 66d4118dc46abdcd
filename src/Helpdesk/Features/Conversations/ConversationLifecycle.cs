using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Conversations;

/// <summary>Something that happens to a conversation: one of the lifecycle's transitions.</summary>
public abstract record Transition(DateTime At)
{
    /// <summary>A message from the customer: it waits for a person, and reopens what was set aside.</summary>
    public sealed record CustomerMessage(DateTime At, string Text) : Transition(At);
    /// <summary>A person's answer: nobody waits any more.</summary>
    public sealed record AgentReply(DateTime At, long? AgentId, string Text) : Transition(At);
    /// <summary>An automatic answer (after hours, a survey invitation): it answers nobody.</summary>
    public sealed record AutoReply(DateTime At) : Transition(At);
    /// <summary>A private note between agents.</summary>
    public sealed record Note(DateTime At) : Transition(At);
    /// <summary>Given to an agent, or to nobody.</summary>
    public sealed record Assign(DateTime At, long? AgentId) : Transition(At);
    /// <param name="AgentId">The agent resolving it, when a person does; else whoever has it is credited.</param>
    public sealed record Resolve(DateTime At, long? AgentId = null) : Transition(At);
    /// <summary>An agent sets it open again.</summary>
    public sealed record Reopen(DateTime At) : Transition(At);
    /// <summary>Waiting for the customer: out of the way, but not done; their next message opens it again.</summary>
    public sealed record MarkPending(DateTime At) : Transition(At);
    /// <summary>Out of the queue until a time or until the customer writes, whichever comes first; with no time, until they write.</summary>
    public sealed record Snooze(DateTime At, DateTime? Until) : Transition(At);
    /// <summary>A snooze's time has come.</summary>
    public sealed record Wake(DateTime At) : Transition(At);
    /// <summary>Its customer was merged into another one, whose history now sets the priority.</summary>
    public sealed record Merge(DateTime At, long IntoCustomerId, PriorityFacts Facts) : Transition(At);
    /// <summary>The customer's history changed (an order, a claim, a proof).</summary>
    public sealed record Prioritize(DateTime At, PriorityFacts Facts) : Transition(At);
}

/// <summary>
/// What a conversation's priority stands on, as facts rather than words: the customer's tier and,
/// behind it, their orders and what they spent. Readers word it in their own language.
/// </summary>
public sealed record PriorityFacts(string Tier, int OrderCount, decimal Value, string? Currency)
{
    public static PriorityFacts Of(Customers.Customer c) => new(c.Tier, c.OrderCount, c.LifetimeValue, c.Currency);
}

/// <summary>Why a conversation was put ahead of the rest, held until an agent answers.</summary>
/// <param name="Code">A reason code the reader words: "survey-score:2".</param>
public sealed record Pin(DateTime DueAt, string Code);

/// <summary>A fact about a conversation, raised by a transition and published after its commit.</summary>
public abstract record ConversationEvent(DateTime At);
public sealed record ConversationOpened(DateTime At, string Tier) : ConversationEvent(At);
/// <summary>The customer has started waiting for a person.</summary>
public sealed record CustomerWaiting(DateTime At) : ConversationEvent(At);
/// <param name="SinceOpened">From the conversation's start to its first answer by a person.</param>
public sealed record FirstResponse(DateTime At, long? AgentId, TimeSpan SinceOpened) : ConversationEvent(At);
/// <param name="Waited">How long the customer had waited for this answer; null when nobody was waiting.</param>
public sealed record AgentReplied(DateTime At, long? AgentId, TimeSpan? Waited, string Tier) : ConversationEvent(At);
public sealed record Assigned(DateTime At, long? AgentId, long? PreviousAgentId) : ConversationEvent(At);
/// <param name="AgentId">The agent who resolved it, else whoever had it then.</param>
public sealed record Resolved(DateTime At, long? AgentId, TimeSpan SinceOpened) : ConversationEvent(At);
public sealed record Reopened(DateTime At) : ConversationEvent(At);
/// <param name="Until">Null: until the customer writes.</param>
public sealed record Snoozed(DateTime At, DateTime? Until) : ConversationEvent(At);
public sealed record Woken(DateTime At) : ConversationEvent(At);
public sealed record PriorityChanged(DateTime At, string FromTier, string ToTier, DateTime DueAt) : ConversationEvent(At);

/// <summary>
/// The one home of a conversation's lifecycle: its states (open, pending, snoozed, resolved), every
/// transition between them, the due time that follows (the queue's one rule) and the events each
/// transition raises. It changes the conversation in memory and does nothing else: no database,
/// no clock, no broadcast. Every writer, the hot path included, goes through it, stores what it
/// changed and publishes the events after the commit.
/// </summary>
public sealed class ConversationLifecycle(PriorityPolicy priority)
{
    /// <summary>The due time: the oldest unanswered customer message plus the tier's target, or a pin; never while nothing waits.</summary>
    public DateTime DueAt(Conversation c, string channelKind) =>
        c.WaitingSince is not { } since || c.Status is ConversationStatuses.Resolved or ConversationStatuses.Snoozed
            ? PriorityPolicy.NotWaiting
            : c.PinnedDueAt ?? since + priority.Target(c.Tier, channelKind);

    /// <summary>The pin of a follow-up opened then on the customer's behalf: its own deadline (see PriorityPolicy.FollowUpDue).</summary>
    public Pin FollowUpPin(DateTime openedAt, string channelKind, string code) => new(priority.FollowUpDue(openedAt, channelKind), code);

    /// <summary>A new conversation's first state, open with nobody waiting yet (its first message says who).</summary>
    public IReadOnlyList<ConversationEvent> Start(Conversation c, string channelKind, PriorityFacts facts, DateTime at, Pin? pin = null)
    {
        c.Status = ConversationStatuses.Open;
        c.CreatedAt = c.LastMessageAt = at;
        SetFacts(c, facts);
        List<ConversationEvent> events = [new ConversationOpened(at, c.Tier)];
        if (pin is not null)
        {
            // A pinned start waits from the outset: it was opened on the customer's behalf.
            c.PinnedDueAt = pin.DueAt;
            c.PinReason = pin.Code;
            c.WaitingSince = at;
            events.Add(new CustomerWaiting(at));
        }
        c.DueAt = DueAt(c, channelKind);
        return events;
    }

    public IReadOnlyList<ConversationEvent> Apply(Conversation c, string channelKind, Transition transition)
    {
        var events = new List<ConversationEvent>();
        var at = transition.At;
        switch (transition)
        {
            case Transition.CustomerMessage m:
                Touch(c, m.At, m.Text);
                if (c.Status == ConversationStatuses.Resolved) events.Add(new Reopened(at));
                if (c.Status == ConversationStatuses.Snoozed) events.Add(new Woken(at));
                Open(c);
                if (c.WaitingSince is null)
                {
                    c.WaitingSince = at;
                    events.Add(new CustomerWaiting(at));
                }
                break;
            case Transition.AgentReply r:
                Touch(c, r.At, r.Text);
                if (c.FirstResponseAt is null)
                {
                    c.FirstResponseAt = at;
                    events.Add(new FirstResponse(at, r.AgentId, at - c.CreatedAt));
                }
                events.Add(new AgentReplied(at, r.AgentId, at - c.WaitingSince, c.Tier));
                c.WaitingSince = null;
                // A pin holds until an agent answers; its reason stays to explain the conversation's past.
                c.PinnedDueAt = null;
                if (c.AssigneeId is null && r.AgentId is not null) AssignTo(c, r.AgentId, at, events);
                break;
            case Transition.AutoReply or Transition.Note:
                // Answers nobody: the customer still waits for a person, and the list keeps their words.
                break;
            case Transition.Assign a:
                AssignTo(c, a.AgentId, at, events);
                break;
            case Transition.Resolve resolve:
                if (c.Status == ConversationStatuses.Resolved) break;
                c.Status = ConversationStatuses.Resolved;
                c.ResolvedAt = at;
                c.SnoozedUntil = null;
                // Resolved means answered: a later message waits afresh.
                c.WaitingSince = null;
                c.PinnedDueAt = null;
                events.Add(new Resolved(at, resolve.AgentId ?? c.AssigneeId, at - c.CreatedAt));
                break;
            case Transition.Reopen:
                if (c.Status == ConversationStatuses.Resolved) events.Add(new Reopened(at));
                else if (c.Status == ConversationStatuses.Snoozed) events.Add(new Woken(at));
                Open(c);
                break;
            case Transition.MarkPending:
                if (c.Status == ConversationStatuses.Pending) break;
                if (c.Status == ConversationStatuses.Resolved) events.Add(new Reopened(at));
                c.Status = ConversationStatuses.Pending;
                c.ResolvedAt = null;
                c.SnoozedUntil = null;
                // The next move is the customer's: nobody waits for us until they write again.
                c.WaitingSince = null;
                c.PinnedDueAt = null;
                break;
            case Transition.Snooze s:
                if (s.Until is { } until && until <= at) throw new ArgumentOutOfRangeException(nameof(transition), "A snooze ends in the future.");
                c.Status = ConversationStatuses.Snoozed;
                c.SnoozedUntil = s.Until;
                c.ResolvedAt = null;
                events.Add(new Snoozed(at, s.Until));
                break;
            case Transition.Wake:
                if (c.Status != ConversationStatuses.Snoozed) break;
                Open(c);
                // Back in the queue: whoever snoozed it wanted to look again, and a customer who waited still waits.
                if (c.WaitingSince is null)
                {
                    c.WaitingSince = at;
                    events.Add(new CustomerWaiting(at));
                }
                events.Add(new Woken(at));
                break;
            case Transition.Merge m:
                c.CustomerId = m.IntoCustomerId;
                Reprioritize(c, channelKind, m.Facts, at, events);
                break;
            case Transition.Prioritize p:
                Reprioritize(c, channelKind, p.Facts, at, events);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(transition), transition.GetType().Name);
        }
        c.DueAt = DueAt(c, channelKind);
        return events;
    }

    private static void Open(Conversation c)
    {
        c.Status = ConversationStatuses.Open;
        c.ResolvedAt = null;
        c.SnoozedUntil = null;
    }

    private static void Touch(Conversation c, DateTime at, string text)
    {
        c.LastMessageAt = at;
        c.LastMessagePreview = text.Length <= 140 ? text : text[..140];
    }

    private static void AssignTo(Conversation c, long? agentId, DateTime at, List<ConversationEvent> events)
    {
        if (c.AssigneeId == agentId) return;
        events.Add(new Assigned(at, agentId, c.AssigneeId));
        c.AssigneeId = agentId;
    }

    private void Reprioritize(Conversation c, string channelKind, PriorityFacts facts, DateTime at, List<ConversationEvent> events)
    {
        var (tier, due) = (c.Tier, c.DueAt);
        SetFacts(c, facts);
        var newDue = DueAt(c, channelKind);
        if (tier != c.Tier || due != newDue) events.Add(new PriorityChanged(at, tier, c.Tier, newDue));
    }

    private static void SetFacts(Conversation c, PriorityFacts facts)
    {
        c.Tier = facts.Tier;
        c.PriorityOrderCount = facts.OrderCount;
        c.PriorityValue = facts.Value;
        c.PriorityCurrency = facts.Currency;
    }
}
