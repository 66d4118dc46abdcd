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
}
