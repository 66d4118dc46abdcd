using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Queue;

/// <summary>How many live chats an agent is handling, against their chat capacity.</summary>
public static class AgentLoad
{
    public static IQueryable<Conversation> OpenChats(HelpdeskDbContext db) =>
        db.Conversations.Where(c => c.Status == ConversationStatuses.Open && c.AssigneeId != null
            && db.Channels.Any(ch => ch.Id == c.ChannelId && ch.Kind == ChannelKinds.Storefront));

    public static async Task<bool> IsFullAsync(HelpdeskDbContext db, long agentId, CancellationToken ct)
    {
        var capacity = await db.Agents.Where(a => a.Id == agentId).Select(a => a.ChatCapacity).FirstAsync(ct);
        return await OpenChats(db).CountAsync(c => c.AssigneeId == agentId, ct) >= capacity;
    }
}
