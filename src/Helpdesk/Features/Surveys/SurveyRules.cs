using System.Security.Cryptography;
using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Surveys;

/// <summary>What happens to a due survey.</summary>
public abstract record SurveyDecision
{
    public sealed record Send : SurveyDecision;
    public sealed record Postpone(DateTime Until) : SurveyDecision;
    public sealed record Skip(string Reason) : SurveyDecision;
}

/// <summary>What is true of a due survey's order and customer at the moment it is due.</summary>
/// <param name="LastSentAt">The latest invitation this customer got for any other order (a question after a resolution is not counted).</param>
public sealed record SurveyCircumstances(
    string OrderStatus, bool Unsubscribed, DateTime? LastSentAt, bool HasOpenConversation, DateTime ScheduledFor);

public static class SkipReasons
{
    public const string Disabled = "disabled";
    public const string OrderCancelled = "order-cancelled";
    public const string OrderRefunded = "order-refunded";
    public const string Unsubscribed = "unsubscribed";
    public const string Cooldown = "cooldown";
    /// <summary>The customer's conversations stayed open for longer than a survey waits.</summary>
    public const string Busy = "busy";
    public const string NoChannel = "no-channel";
    /// <summary>The conversation was reopened (and perhaps resolved again) before its survey was due.</summary>
    public const string Reopened = "reopened";
    /// <summary>Messenger's 24 hours after the customer's last message had passed: it allows no automatic message.</summary>
    public const string MessengerWindow = "messenger-window";
    /// <summary>Inviting kept failing.</summary>
    public const string Failed = "failed";
}

/// <summary>The survey rules, free of the database and the clock so they can be tested on their own.</summary>
public static class SurveyRules
{
    public const int MaxCommentLength = 2000;
    /// <summary>Claims of one due survey before it is given up as failed.</summary>
    public const int MaxAttempts = 5;
    /// <summary>How long after the first answer it may still be changed; then the link expires.</summary>
    public static readonly TimeSpan ChangeWindow = TimeSpan.FromDays(7);
    /// <summary>How long an unanswered invitation stays open.</summary>
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromDays(30);
    /// <summary>An order delivered longer ago than this is history being imported, not a purchase to ask about.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);
    /// <summary>How long a survey waits for the customer's open conversations to end before it is given up.</summary>
    public static readonly TimeSpan MaxPostponement = TimeSpan.FromDays(14);

    /// <summary>When an order's survey is due, or null when the order gets none (yet).</summary>
    public static DateTime? ScheduleAt(SurveySettings s, string status, DateTime? fulfilledAt, DateTime? deliveredAt, DateTime now)
    {
        if (!s.Enabled || status is OrderStatuses.Cancelled or OrderStatuses.Refunded or OrderStatuses.Pending) return null;
        var happened = s.Trigger == SurveyTriggers.Fulfilled ? fulfilledAt ?? deliveredAt : deliveredAt;
        if (happened is not { } at || at < now - StaleAfter) return null;
        return at.AddHours(s.DelayHours);
    }

    /// <param name="postponeStep">How long to wait before looking again when the customer is in a conversation.</param>
    public static SurveyDecision Decide(SurveySettings s, SurveyCircumstances c, DateTime now, TimeSpan postponeStep)
    {
        if (!s.Enabled) return new SurveyDecision.Skip(SkipReasons.Disabled);
        if (c.OrderStatus == OrderStatuses.Cancelled) return new SurveyDecision.Skip(SkipReasons.OrderCancelled);
        if (c.OrderStatus == OrderStatuses.Refunded) return new SurveyDecision.Skip(SkipReasons.OrderRefunded);
        if (c.Unsubscribed) return new SurveyDecision.Skip(SkipReasons.Unsubscribed);
        if (c.LastSentAt is { } last && now < last.AddDays(s.CooldownDays)) return new SurveyDecision.Skip(SkipReasons.Cooldown);
        if (c.HasOpenConversation)
            return now - c.ScheduledFor >= MaxPostponement
                ? new SurveyDecision.Skip(SkipReasons.Busy)
                : new SurveyDecision.Postpone(now + postponeStep);
        return new SurveyDecision.Send();
    }

    /// <summary>Until when the survey can be answered (or its answer changed); null before it was sent.</summary>
    public static DateTime? OpenUntil(Survey s) =>
        s.AnsweredAt is { } answered ? answered + ChangeWindow
        : s.SentAt is { } sent ? sent + AnswerWindow
        : null;

    public static bool IsLow(int score, int threshold) => score <= threshold;

    /// <summary>256 random bits, URL-safe: unguessable, and it says nothing about the order or the customer.</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
