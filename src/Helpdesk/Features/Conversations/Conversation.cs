namespace Helpdesk.Features.Conversations;

public sealed class Conversation
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public long CustomerId { get; set; }
    public long? VisitorId { get; set; }
    /// <summary>
    /// Whether the customer is proven (a store sign-in, a one-time code, the channel itself, a mail
    /// its relay vouched for) rather than only claimed (an email typed in the widget).
    /// </summary>
    public bool CustomerVerified { get; set; }
    /// <summary>When an agent asked the shopper to prove their email address; the widget shows the prompt until they do.</summary>
    public DateTime? VerificationRequestedAt { get; set; }
    public string Subject { get; set; } = "";
    public string Status { get; set; } = ConversationStatuses.Open;
    public long? AssigneeId { get; set; }
    public string Tier { get; set; } = Tiers.New;
    public DateTime DueAt { get; set; }
    /// <summary>The customer's orders when the priority was set (with <see cref="Tier"/>, the facts the reason is worded from).</summary>
    public int PriorityOrderCount { get; set; }
    /// <summary>What the customer had spent when the priority was set, in <see cref="PriorityCurrency"/>.</summary>
    public decimal PriorityValue { get; set; }
    public string? PriorityCurrency { get; set; }
    /// <summary>
    /// A due time that holds whatever the tier or later messages say, until an agent answers (a low
    /// survey score's follow-up goes to the top of the queue and stays there).
    /// </summary>
    public DateTime? PinnedDueAt { get; set; }
    /// <summary>Why the conversation was put where it is, as a code ("survey-score:2"), shown before who is waiting.</summary>
    public string? PinReason { get; set; }
    /// <summary>Arrival of the oldest customer message no agent has answered yet; null when nothing waits.</summary>
    public DateTime? WaitingSince { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastMessageAt { get; set; }
    public string LastMessagePreview { get; set; } = "";
    public DateTime? FirstResponseAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    /// <summary>While snoozed: when it comes back to the queue, unless the customer writes first.</summary>
    public DateTime? SnoozedUntil { get; set; }
    /// <summary>The channel's own name for the thread (a mail's first Message-ID, a Messenger PSID, a marketplace thread), unique per channel.</summary>
    public string? ThreadId { get; set; }
    /// <summary>Where replies go on the channel: the customer's mail address, PSID or marketplace buyer id.</summary>
    public string? ContactAddress { get; set; }
    /// <summary>Highest message id the agents have read.</summary>
    public long AgentReadUpToId { get; set; }
    /// <summary>Highest message id the customer has read.</summary>
    public long CustomerReadUpToId { get; set; }
}

public static class ConversationStatuses
{
    public const string Open = "open";
    public const string Pending = "pending";
    public const string Snoozed = "snoozed";
    public const string Resolved = "resolved";
    public static readonly string[] All = [Open, Pending, Snoozed, Resolved];
}

public static class Tiers
{
    public const string New = "new";
    public const string FirstTime = "first-time";
    public const string Returning = "returning";
    public const string Vip = "vip";
}
