using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Queue;

/// <summary>How many live chats an agent is handling, against their chat capacity (take-next counts them in its claim).</summary>
public static class AgentLoad
{
    public static IQueryable<Conversation> OpenChats(HelpdeskDbContext db) =>
        db.Conversations.Where(c => c.Status == ConversationStatuses.Open && c.AssigneeId != null
            && db.Channels.Any(ch => ch.Id == c.ChannelId && ch.Kind == ChannelKinds.Storefront));
}
