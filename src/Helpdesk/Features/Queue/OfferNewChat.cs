using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Queue;

/// <summary>
/// A new live chat goes straight to an online agent with room for it, the least loaded first;
/// when nobody has room it waits in the queue for "take next".
/// </summary>
public sealed class OfferNewChat(HelpdeskDbContext db, WriteQueue writes, AgentPresence presence, ConversationFeed feed)
    : INotificationHandler<MessageAdded>
{
    public async Task Handle(MessageAdded n, CancellationToken ct)
    {
        var (_, conversation, _, started) = n.Stored;
        if (!started || conversation.AssigneeId is not null) return;
        var online = presence.Online();
        if (online.Count == 0) return;
        if (!await db.Channels.AnyAsync(c => c.Id == conversation.ChannelId && c.Kind == ChannelKinds.Storefront, ct)) return;

        // Picked and assigned in the write queue, one at a time: two new chats never both take an agent's last free place.
        var assigned = await writes.RunAsync(async db =>
        {
            var agents = await db.Agents.AsNoTracking().Where(a => online.Contains(a.Id) && !a.Disabled)
                .Select(a => new { a.Id, a.ChatCapacity, Load = AgentLoad.OpenChats(db).Count(c => c.AssigneeId == a.Id) })
                .ToListAsync();
            var pick = agents.Where(a => a.Load < a.ChatCapacity).OrderBy(a => a.Load).ThenBy(a => a.Id).FirstOrDefault();
            return pick is null ? 0 : await db.Conversations.Where(c => c.Id == conversation.Id && c.AssigneeId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssigneeId, pick.Id));
        });
        if (assigned > 0) feed.Changed(conversation.Id);
    }
}
