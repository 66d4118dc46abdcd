using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Labels;

/// <summary>
/// A conversation's labels changed (set on it, or a label of it renamed, recoloured or deleted). Not a
/// lifecycle transition: the status, queue place and customer's view stay as they were; agents' lists
/// get the fresh summary.
/// </summary>
public sealed record LabelsChanged(DateTime At) : ConversationEvent(At)
{
    /// <summary>Tells every inbox, after the commit, that these conversations' labels changed.</summary>
    public static async Task PublishAsync(IMediator mediator, IEnumerable<long> conversationIds, DateTime at)
    {
        foreach (var id in conversationIds)
            await mediator.Publish(new ConversationChanged(id, [new LabelsChanged(at)]), CancellationToken.None);
    }
}
