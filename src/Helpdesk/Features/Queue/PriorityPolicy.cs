using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Queue;

/// <summary>
/// Earliest deadline first: a conversation is due at the arrival of its oldest unanswered
/// customer message plus the response target for the customer's tier and the channel kind.
/// </summary>
public sealed class PriorityPolicy(IOptions<PriorityOptions> options)
{
    /// <summary>Due time of a conversation with nothing waiting: after every waiting one.</summary>
    public static readonly DateTime NotWaiting = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public TimeSpan Target(string tier, string channelKind)
    {
        var targets = ChannelKinds.IsLiveChat(channelKind) ? options.Value.Chat : options.Value.Async;
        return TimeSpan.FromMinutes(tier switch
        {
            Tiers.Vip => targets.Vip,
            Tiers.Returning => targets.Returning,
            Tiers.FirstTime => targets.FirstTime,
            _ => targets.New,
        });
    }

    public DateTime DueAt(string tier, string channelKind, DateTime? waitingSince) =>
        waitingSince is { } since ? since + Target(tier, channelKind) : NotWaiting;

    public static string TierLabel(string tier) => tier switch
    {
        Tiers.Vip => "VIP customer",
        Tiers.Returning => "Returning customer",
        Tiers.FirstTime => "First-time customer",
        _ => "New customer",
    };

    /// <summary>"New customer · due in 4 min", "… · overdue by 2 h", "… · answered".</summary>
    public static string Reason(string tier, string storedReason, DateTime dueAt, DateTime now)
    {
        var who = string.IsNullOrEmpty(storedReason) ? TierLabel(tier) : storedReason;
        if (dueAt >= NotWaiting) return $"{who} · answered";
        var left = dueAt - now;
        return left >= TimeSpan.Zero
            ? $"{who} · due in {Humanize(left)}"
            : $"{who} · overdue by {Humanize(-left)}";
    }

    public static string Humanize(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "under a minute",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        { TotalDays: < 2 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} days",
    };
}
