using Helpdesk.Features.Channels;

namespace Helpdesk.Features.Conversations;

/// <summary>What a channel lets an agent send, so the composer can say so before the remote refuses.</summary>
/// <param name="WindowEndsAt">The last moment a reply is accepted (Messenger), or null when there is no such limit.</param>
/// <param name="HumanAgentTag">Past Messenger's 24 hours: the reply goes with the HUMAN_AGENT tag.</param>
/// <param name="Refusal">Why no reply can be sent now, or null.</param>
public sealed record ReplyLimitsDto(int MaxLength, DateTime? WindowEndsAt, bool HumanAgentTag, string? Refusal);

public static class ReplyLimits
{
    public const int MessengerMaxLength = 2000;
    public static readonly TimeSpan MessengerStandardWindow = TimeSpan.FromHours(24);
    public static readonly TimeSpan MessengerHumanAgentWindow = TimeSpan.FromDays(7);

    public const string MessengerClosed =
        "Messenger allows replies only within 7 days of the customer's last message. Ask them to write again, or reach them another way.";

    /// <param name="lastCustomerMessageAt">The customer's latest message in the conversation.</param>
    public static ReplyLimitsDto For(string channelKind, DateTime? lastCustomerMessageAt, DateTime now)
    {
        if (channelKind != ChannelKinds.Messenger) return new ReplyLimitsDto(MessageRules.MaxBodyLength, null, false, null);
        if (lastCustomerMessageAt is not { } last)
            return new ReplyLimitsDto(MessengerMaxLength, null, false, MessengerClosed);
        var standardEnds = last + MessengerStandardWindow;
        var humanEnds = last + MessengerHumanAgentWindow;
        return now < standardEnds ? new ReplyLimitsDto(MessengerMaxLength, humanEnds, false, null)
            : now < humanEnds ? new ReplyLimitsDto(MessengerMaxLength, humanEnds, true, null)
            : new ReplyLimitsDto(MessengerMaxLength, humanEnds, true, MessengerClosed);
    }

    /// <summary>The Send API's messaging type for a reply now, or null when Messenger would refuse it.</summary>
    public static (string MessagingType, string? Tag)? MessengerSendType(DateTime lastCustomerMessageAt, DateTime now) =>
        now < lastCustomerMessageAt + MessengerStandardWindow ? ("RESPONSE", null)
        : now < lastCustomerMessageAt + MessengerHumanAgentWindow ? ("MESSAGE_TAG", "HUMAN_AGENT")
        : null;

    public static string ChannelLabel(string kind) => kind switch
    {
        ChannelKinds.Messenger => "Messenger",
        ChannelKinds.Email => "Email",
        ChannelKinds.Marketplace => "The marketplace",
        _ => "The chat",
    };
}
