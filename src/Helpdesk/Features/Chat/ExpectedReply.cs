using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Chat;

/// <summary>
/// What the widget promises a shopper: the chat target while agents are online, otherwise the
/// asynchronous target, since the answer may come by email.
/// </summary>
public sealed class ExpectedReply(PriorityPolicy priority)
{
    public int Minutes(bool agentsOnline, string tier = Tiers.New) =>
        (int)priority.Target(tier, agentsOnline ? ChannelKinds.Storefront : ChannelKinds.Email).TotalMinutes;

    /// <summary>While the shop is closed nobody answers before it opens: the wait until then comes first.</summary>
    public int Minutes(bool agentsOnline, ScheduleStatus hours, DateTime now, string tier = Tiers.New)
    {
        if (hours.Open || hours.NextOpenAt is not { } opens) return Minutes(agentsOnline, tier);
        return (int)Math.Ceiling((opens - now).TotalMinutes) + (int)priority.Target(tier, ChannelKinds.Storefront).TotalMinutes;
    }
}
