using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

/// <summary>Group names for hub events, in one place.</summary>
public static class HubGroups
{
    /// <summary>Every signed-in agent's inbox: queue changes and all conversations' messages.</summary>
    public const string Agents = "agents";
    /// <summary>Every browser tab of one visitor.</summary>
    public static string Visitor(long visitorId) => $"visitor:{visitorId}";
}

public sealed record TypingEvent(string Sender, bool IsTyping, string? Name = null);
public sealed record ReadEvent(long UpToId);
public sealed record ConversationStatusEvent(string Status, long ConversationId);
public sealed record AvailabilityEvent(bool AgentsOnline, int ExpectedReplyMinutes);
/// <summary>An agent asked the shopper to verify their email address.</summary>
public sealed record VerificationRequestedEvent(long ConversationId);

public interface IWidgetClient
{
    Task MessageReceived(MessageDto message);
    Task Typing(TypingEvent typing);
    Task Read(ReadEvent read);
    Task ConversationStatus(ConversationStatusEvent status);
    Task Availability(AvailabilityEvent availability);
    Task VerificationRequested(VerificationRequestedEvent request);
}

/// <param name="AgentId">The typing agent, so their own inbox can ignore the echo; null for the customer.</param>
public sealed record InboxTypingEvent(long ConversationId, string Sender, bool IsTyping, string? Name, long? AgentId = null);
public sealed record InboxReadEvent(long ConversationId, string Reader, long UpToId);
public sealed record PresenceEvent(long AgentId, string Presence);

public interface IInboxClient
{
    Task MessageReceived(MessageDto message);
    Task ConversationChanged(ConversationSummary conversation);
    Task Typing(InboxTypingEvent typing);
    Task Read(InboxReadEvent read);
    Task PresenceChanged(PresenceEvent presence);
    Task MessageDelivery(Helpdesk.Infrastructure.Outbox.DeliveryEvent delivery);
}
