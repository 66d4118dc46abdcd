namespace Helpdesk.Features.Reports;

/// <summary>
/// A fact for the reports, written in the transaction of the change it records and never changed
/// afterwards (a survey answer's score may still be corrected while the survey accepts changes):
/// reports read these, never the conversations as they are now, so a later reassignment or a
/// changed tier does not rewrite history.
/// </summary>
public sealed class ReportEvent
{
    public long Id { get; set; }
    /// <summary>One of <see cref="ReportEventKinds"/>.</summary>
    public required string Kind { get; set; }
    public DateTime At { get; set; }
    public long ConversationId { get; set; }
    public long ChannelId { get; set; }
    public long CustomerId { get; set; }
    /// <summary>Who did it: who answered, who resolved; for a survey answer, who resolved the conversation asked about.</summary>
    public long? AgentId { get; set; }
    /// <summary>The customer's tier at that moment.</summary>
    public required string Tier { get; set; }
    /// <summary>
    /// The duration it measures in wall-clock seconds: first response, since the conversation
    /// opened; reply, how long the customer had waited; resolution, since the cycle (opening or
    /// reopening) began. Null for the kinds that measure nothing.
    /// </summary>
    public double? Seconds { get; set; }
    /// <summary>The same duration counted inside the channel's business hours only.</summary>
    public double? BusinessSeconds { get; set; }
    /// <summary>A survey answer's score, 1–5.</summary>
    public int? Score { get; set; }
    /// <summary>A survey answer's kind: <c>purchase</c> or <c>conversation</c>.</summary>
    public string? SurveyKind { get; set; }
    public long? SurveyId { get; set; }
}

public static class ReportEventKinds
{
    public const string Opened = "opened";
    public const string FirstResponse = "first-response";
    public const string Reply = "reply";
    public const string Resolved = "resolved";
    public const string Reopened = "reopened";
    public const string SurveyAnswered = "survey";
    public static readonly string[] All = [Opened, FirstResponse, Reply, Resolved, Reopened, SurveyAnswered];
}

/// <summary>
/// One closed day's events of one kind, channel, agent, tier and survey kind, summed: counts, score
/// sums and duration histograms (<see cref="Durations"/>), so a year's report reads a few thousand
/// rows instead of millions of events. Days are the store's calendar days.
/// </summary>
public sealed class ReportRollup
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
    public required string Kind { get; set; }
    public long ChannelId { get; set; }
    /// <summary>0 when nobody did it.</summary>
    public long AgentId { get; set; }
    public required string Tier { get; set; }
    /// <summary>"" except for survey answers.</summary>
    public string SurveyKind { get; set; } = "";
    public int Count { get; set; }
    public long ScoreSum { get; set; }
    /// <summary>Survey answers scoring 4 or 5.</summary>
    public int Satisfied { get; set; }
    /// <summary>Wall-clock durations as a histogram (<see cref="Durations.Histogram"/>'s text form).</summary>
    public string Wall { get; set; } = "";
    public string Business { get; set; } = "";
    /// <summary>Events per local hour of the day, 24 numbers separated by commas.</summary>
    public string Hours { get; set; } = "";
}

/// <summary>A store day whose roll-up rows are written (a day without events has none, but is still done).</summary>
public sealed class ReportDay
{
    public DateOnly Day { get; set; }
    public DateTime BuiltAt { get; set; }
}
