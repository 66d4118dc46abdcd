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
        var minutes = tier switch
        {
            Tiers.Vip => targets.Vip,
            Tiers.Returning => targets.Returning,
            Tiers.FirstTime => targets.FirstTime,
            _ => targets.New,
        };
        if (channelKind == ChannelKinds.Marketplace) minutes = Math.Min(minutes, options.Value.MarketplaceCapMinutes);
        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>
    /// A low survey score's follow-up is answered as fast as a VIP would be, counted from when it was
    /// opened: its own deadline, so a minute-old follow-up is never shown overdue, and several of them
    /// keep the order they came in.
    /// </summary>
    public DateTime FollowUpDue(DateTime openedAt, string channelKind) => openedAt + Target(Tiers.Vip, channelKind);

    /// <summary>Who is waiting, in words: "Returning customer · 7 orders · €1,240".</summary>
    public static string Who(string tier, int orderCount, decimal lifetimeValue, string? currency)
    {
        if (orderCount == 0) return TierLabel(tier);
        var orders = orderCount == 1 ? "1 order" : $"{orderCount} orders";
        return $"{TierLabel(tier)} · {orders} · {Money(lifetimeValue, currency)}";
    }

    public static string Money(decimal amount, string? currency)
    {
        var symbol = currency switch { "EUR" => "€", "USD" => "$", "GBP" => "£", _ => null };
        var rounded = Math.Round(amount, 0, MidpointRounding.AwayFromZero).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
        return symbol is not null ? symbol + rounded : $"{rounded} {currency}".Trim();
    }

    public static string TierLabel(string tier) => tier switch
    {
        Tiers.Vip => "VIP customer",
        Tiers.Returning => "Returning customer",
        Tiers.FirstTime => "First-time customer",
        _ => "New customer",
    };

    public static string SurveyScorePin(int score) => $"survey-score:{score}";

    /// <summary>A pin's code in words: "survey-score:2" is "Survey score 2/5".</summary>
    public static string? PinText(string? pin) =>
        pin is { } code && code.StartsWith("survey-score:", StringComparison.Ordinal) ? $"Survey score {code["survey-score:".Length..]}/5" : null;

    /// <summary>"New customer · due in 4 min", "… · overdue by 2 h", "… · answered"; a pin's reason goes first.</summary>
    public static string Reason(
        string tier, int orderCount, decimal value, string? currency, DateTime dueAt, DateTime now, string? pinReason = null)
    {
        var who = Who(tier, orderCount, value, currency);
        if (PinText(pinReason) is { } pin) who = $"{pin} · {who}";
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
