using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

/// <summary>Group names for hub events, in one place.</summary>
public static class HubGroups
{
    /// <summary>Every signed-in agent's inbox: queue changes and all conversations' messages.</summary>
    public const string Agents = "agents";
    /// <summary>Every browser tab of one visitor.</summary>
    public static string Visitor(long visitorId) => $"visitor:{visitorId}";
    /// <summary>Every inbox of one agent (all their tabs, on every node): what is for them alone, such as a mention.</summary>
    public static string Agent(long agentId) => $"agent:{agentId}";
    /// <summary>The inboxes connected to one node: news that each node tells its own connections, such as who views what.</summary>
    public static string AgentsOn(string node) => $"agents-on:{node}";
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
/// <param name="IsPrivate">An agent writing a private note: colleagues see it, the shopper never does.</param>
public sealed record InboxTypingEvent(long ConversationId, string Sender, bool IsTyping, string? Name, long? AgentId = null, bool IsPrivate = false);
public sealed record InboxReadEvent(long ConversationId, string Reader, long UpToId);
public sealed record PresenceEvent(long AgentId, string Presence);
public sealed record ViewerDto(long Id, string Name);
/// <summary>The agents who have a conversation open now (an empty list: nobody).</summary>
public sealed record ViewersEvent(long ConversationId, IReadOnlyList<ViewerDto> Agents);
/// <summary>A colleague mentioned this agent in a private note.</summary>
public sealed record MentionedEvent(long Id, long ConversationId, long MessageId, ViewerDto By, string Preview, DateTime CreatedAt);

public interface IInboxClient
{
    Task MessageReceived(MessageDto message);
    Task ConversationChanged(ConversationSummary conversation);
    Task Typing(InboxTypingEvent typing);
    Task Read(InboxReadEvent read);
    Task PresenceChanged(PresenceEvent presence);
    Task MessageDelivery(Helpdesk.Infrastructure.Outbox.DeliveryEvent delivery);
    Task Viewers(ViewersEvent viewers);
    Task Mentioned(MentionedEvent mention);
}
