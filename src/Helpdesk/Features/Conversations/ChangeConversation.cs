using Helpdesk.Features.Surveys;

namespace Helpdesk.Features.Conversations;

/// <summary>
/// The one path of a change to a conversation that is not a message (status, assignee, snooze,
/// wake): read, passed through the lifecycle and written in the shared group commit (with the survey
/// a resolution schedules), then published after the commit with the events it raised.
/// </summary>
public sealed class ChangeConversation(
    WriteQueue writes, ConversationLifecycle lifecycle, Reports.ReportRecorder reports, IMediator mediator, TimeProvider time)
{
    /// <summary>Applies the transition and returns the conversation as committed.</summary>
    /// <exception cref="NotFoundException">No such conversation.</exception>
    public async Task<ConversationSummary> ApplyAsync(long conversationId, Func<DateTime, Transition> transition) =>
        (await ApplyAsync(conversationId, (_, _, now) => Task.FromResult<Transition?>(transition(now))))!;

    /// <summary>
    /// Decides in the write queue, on the conversation as it is there, which transition to apply, if
    /// any (a choice that must not race another writer's); returns the conversation as committed, or
    /// null when nothing was decided.
    /// </summary>
    public async Task<ConversationSummary?> ApplyAsync(
        long conversationId, Func<HelpdeskDbContext, Conversation, DateTime, Task<Transition?>> decide)
    {
        var (summary, events) = await writes.RunAsync<(ConversationSummary? Summary, IReadOnlyList<ConversationEvent> Events)>(async db =>
        {
            await db.LockConversationAsync(conversationId);
            var row = await db.Conversations.Where(c => c.Id == conversationId)
                .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { Conversation = c, ch.Kind })
                .FirstOrDefaultAsync() ?? throw new NotFoundException("Conversation");
            var now = time.GetUtcNow().UtcDateTime;
            if (await decide(db, row.Conversation, now) is not { } transition) return (null, []);
            var raised = lifecycle.Apply(row.Conversation, row.Kind, transition);
            // Asked how it went in the same commit as the resolution: a resolution never loses its survey.
            foreach (var resolved in raised.OfType<Resolved>())
                await ScheduleSurvey.ForResolutionAsync(db, row.Conversation, row.Kind, resolved, now);
            await db.SaveChangesAsync();
            await reports.RecordAsync(db, row.Conversation, raised);
            // Read back on the same connection, as it will be committed.
            return ((await db.SummaryAsync(conversationId, now))!, raised);
        });
        if (summary is not null) await mediator.Publish(new ConversationChanged(conversationId, events), CancellationToken.None);
        return summary;
    }
}
