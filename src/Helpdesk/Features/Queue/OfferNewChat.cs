using Helpdesk.Features.Agents;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Queue;

/// <summary>
/// A new live chat goes straight to an online agent with room for it, the least loaded first;
/// when nobody has room it waits in the queue for "take next". One network address holds at most
/// a few offered chats at once (RateLimits:OffersPerAddress), so that throw-away sessions from one
/// place cannot take every agent's capacity; its further chats wait in the queue, where agents see them.
/// </summary>
public sealed class OfferNewChat(
    HelpdeskDbContext db, ChangeConversation change, AgentPresence presence, IOptions<RateLimitOptions> limits)
    : INotificationHandler<MessageAdded>
{
    public async Task Handle(MessageAdded n, CancellationToken ct)
    {
        var conversation = n.Stored.Conversation;
        if (!n.Stored.StartedConversation || conversation.AssigneeId is not null) return;
        var online = presence.Online();
        if (online.Count == 0) return;
        if (!await db.Channels.AnyAsync(c => c.Id == conversation.ChannelId && c.Kind == ChannelKinds.Storefront, ct)) return;
        var address = await db.Visitors.Where(v => v.Id == conversation.VisitorId).Select(v => v.Address).FirstOrDefaultAsync(ct);
        var perAddress = limits.Value.OffersPerAddress;

        // Picked and assigned in the write queue, one at a time, and across nodes one at a time too (a lock on
        // PostgreSQL): two new chats never both take an agent's last free place.
        await change.ApplyAsync(conversation.Id, async (db, current, now) =>
        {
            if (current.AssigneeId is not null) return null;
            await db.LockAsync("chat-offers", CancellationToken.None);
            if (address is not null && await AgentLoad.OpenChats(db)
                    .CountAsync(c => db.Visitors.Any(v => v.Id == c.VisitorId && v.Address == address)) >= perAddress)
                return null;
            var agents = await db.Agents.AsNoTracking().Where(a => online.Contains(a.Id) && !a.Disabled)
                .Select(a => new { a.Id, a.ChatCapacity, Load = AgentLoad.OpenChats(db).Count(c => c.AssigneeId == a.Id) })
                .ToListAsync();
            var pick = agents.Where(a => a.Load < a.ChatCapacity).OrderBy(a => a.Load).ThenBy(a => a.Id).FirstOrDefault();
            return pick is null ? null : new Transition.Assign(now, pick.Id);
        });
    }
}
