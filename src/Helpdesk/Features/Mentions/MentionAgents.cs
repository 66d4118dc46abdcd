using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Mentions;

/// <summary>
/// The mentions of a stored private note: checked before the note is stored (every agent named must
/// exist and be enabled), recorded after it, once per agent and note whatever the retries, and each
/// new one told to its agent's inboxes after the commit.
/// </summary>
public sealed class MentionAgents(HelpdeskDbContext db, IMediator mediator, TimeProvider time)
{
    public const int Max = 20;

    /// <summary>The agents to mention: each named once, the author left out (nobody needs telling what they wrote).</summary>
    public async Task<long[]> CheckAsync(IReadOnlyCollection<long>? agentIds, long authorId, CancellationToken ct)
    {
        if (agentIds is null || agentIds.Count == 0) return [];
        var wanted = agentIds.Distinct().Where(id => id != authorId).ToArray();
        var enabled = await db.Agents.Where(a => wanted.Contains(a.Id) && !a.Disabled).Select(a => a.Id).ToListAsync(ct);
        var unknown = wanted.Except(enabled).ToList();
        if (unknown.Count > 0)
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("mentions",
                $"No enabled agent has the id {string.Join(", ", unknown)}.")]);
        return wanted;
    }

    public async Task RecordAsync(Conversations.Message note, string authorName, long[] agentIds)
    {
        if (agentIds.Length == 0) return;
        var known = await db.Mentions.Where(m => m.MessageId == note.Id).Select(m => m.AgentId).ToListAsync();
        var added = agentIds.Except(known).Select(agent => new Mention
        {
            MessageId = note.Id, ConversationId = note.ConversationId, AgentId = agent, ByAgentId = note.AgentId ?? 0,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        }).ToList();
        if (added.Count == 0) return;
        db.Mentions.AddRange(added);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // The same note sent twice at once: the other call recorded (and tells) them.
            db.ChangeTracker.Clear();
            return;
        }
        await mediator.Publish(new AgentsMentioned(added.Select(m => (m.AgentId,
            new MentionedEvent(m.Id, m.ConversationId, m.MessageId, new ViewerDto(m.ByAgentId, authorName), Mention.PreviewOf(note.Body), m.CreatedAt)))
            .ToList()), CancellationToken.None);
    }
}

/// <param name="Mentions">Each mentioned agent and what they are told.</param>
public sealed record AgentsMentioned(IReadOnlyList<(long AgentId, MentionedEvent Mention)> Mentions) : INotification;

/// <summary>Tells each mentioned agent's inboxes, on every node.</summary>
public sealed class TellMentionedAgents(IHubContext<InboxHub, IInboxClient> inbox) : INotificationHandler<AgentsMentioned>
{
    public async Task Handle(AgentsMentioned n, CancellationToken ct)
    {
        foreach (var (agent, mention) in n.Mentions)
            await inbox.Clients.Group(HubGroups.Agent(agent)).Mentioned(mention);
    }
}
