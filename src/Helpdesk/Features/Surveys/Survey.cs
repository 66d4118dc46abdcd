namespace Helpdesk.Features.Surveys;

/// <summary>
/// One order's satisfaction survey: scheduled when the order arrives, invited once through the
/// customer's best channel, answered by token. A row with a due time, so a restart loses nothing.
/// </summary>
public sealed class Survey
{
    public long Id { get; set; }
    /// <summary>What it asks about: an order (<c>purchase</c>) or a resolved conversation (<c>conversation</c>).</summary>
    public string Kind { get; set; } = SurveyKinds.Purchase;
    /// <summary>A purchase survey's order: one survey per order, whatever webhooks are replayed (a unique index).</summary>
    public long? OrderId { get; set; }
    /// <summary>A conversation survey's conversation, asked about once per resolution.</summary>
    public long? ConversationId { get; set; }
    /// <summary>The resolution a conversation survey asks about (with <see cref="ConversationId"/>, unique).</summary>
    public DateTime? ResolvedAt { get; set; }
    /// <summary>Who a conversation survey's answer is credited to: the agent who resolved it, as of that moment.</summary>
    public long? AgentId { get; set; }
    public long CustomerId { get; set; }
    /// <summary>Random and unguessable; it names nothing by itself.</summary>
    public required string Token { get; set; }
    public string Status { get; set; } = SurveyStatuses.Scheduled;
    /// <summary>When it was first meant to go out; postponing moves <see cref="DueAt"/> only.</summary>
    public DateTime ScheduledFor { get; set; }
    public DateTime DueAt { get; set; }
    /// <summary>The node inviting, and until when its claim holds.</summary>
    public string? LockedBy { get; set; }
    public DateTime? LockedUntil { get; set; }
    /// <summary>Claims since it was last due; a survey that keeps failing is given up.</summary>
    public int Attempts { get; set; }
    /// <summary>How the invitation went: widget, email or messenger; chosen once, kept if a node dies mid-way.</summary>
    public string? Channel { get; set; }
    /// <summary>The conversation the invitation was written into.</summary>
    public long? InvitationConversationId { get; set; }
    public string? Locale { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Why no invitation went out (cancelled, unsubscribed, cooldown, …).</summary>
    public string? SkipReason { get; set; }
    /// <summary>The first answer; changes are accepted for a while after it.</summary>
    public DateTime? AnsweredAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public int? Score { get; set; }
    public int? Nps { get; set; }
    public string? Comment { get; set; }
    public long? FollowUpConversationId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class SurveyKinds
{
    public const string Purchase = "purchase";
    public const string Conversation = "conversation";
}

public static class SurveyStatuses
{
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
}

/// <summary>Where an invitation reaches the customer.</summary>
public static class SurveyChannels
{
    public const string Widget = "widget";
    public const string Email = "email";
    public const string Messenger = "messenger";
    public static readonly string[] All = [Widget, Email, Messenger];
}

/// <summary>The shop's survey settings: one row.</summary>
public sealed class SurveySettings
{
    public const long SingletonId = 1;
    public long Id { get; set; } = SingletonId;
    public bool Enabled { get; set; } = true;
    public string Trigger { get; set; } = SurveyTriggers.Delivered;
    public int DelayHours { get; set; } = 24;
    public int CooldownDays { get; set; } = 30;
    /// <summary>Scores at or under it open a follow-up conversation; 0 opens none.</summary>
    public int LowScoreThreshold { get; set; } = 2;
    /// <summary>Whether a customer is asked how it went each time a conversation is resolved.</summary>
    public bool AfterResolutionEnabled { get; set; } = true;
    /// <summary>How long after a resolution the question goes out (a quick reopening cancels it).</summary>
    public int AfterResolutionDelayMinutes { get; set; } = 5;
}

public static class SurveyTriggers
{
    public const string Delivered = "delivered";
    public const string Fulfilled = "fulfilled";
    public static readonly string[] All = [Delivered, Fulfilled];
}

/// <param name="AfterResolution">Asking after each resolution; independent of <paramref name="Enabled"/>, which is about purchases.</param>
public sealed record SurveySettingsDto(
    bool Enabled, string Trigger, int DelayHours, int CooldownDays, int LowScoreThreshold, AfterResolutionSettings AfterResolution)
{
    public static SurveySettingsDto From(SurveySettings s) => new(s.Enabled, s.Trigger, s.DelayHours, s.CooldownDays, s.LowScoreThreshold,
        new AfterResolutionSettings(s.AfterResolutionEnabled, s.AfterResolutionDelayMinutes));
}

public sealed record AfterResolutionSettings(bool? Enabled, int? DelayMinutes);

/// <summary>A survey as the agent sees it beside its conversation.</summary>
public sealed record ConversationSurveyDto(
    long Id, long? OrderId, string? OrderNumber, string? Channel, DateTime? SentAt, DateTime? AnsweredAt, int? Score, int? Nps, string? Comment);
