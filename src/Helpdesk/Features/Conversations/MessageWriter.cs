using System.Threading.Channels;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Conversations;

/// <summary>A message to store: into a known conversation, or into a visitor's current one.</summary>
public sealed record NewMessage
{
    public long? ConversationId { get; init; }
    /// <summary>When set without a conversation, the visitor's latest conversation, or a new one if it was resolved.</summary>
    public long? VisitorId { get; init; }
    public required long ChannelId { get; init; }
    public required string ChannelKind { get; init; }
    public required long CustomerId { get; init; }
    public string Tier { get; init; } = Tiers.New;
    public string Subject { get; init; } = "";
    public required string Sender { get; init; }
    public long? AgentId { get; init; }
    public string? AuthorName { get; init; }
    public required string Body { get; init; }
    public bool IsPrivate { get; init; }
    public string? ClientMessageId { get; init; }
    public string? ProviderMessageId { get; init; }
}

/// <param name="IsNew">False when the idempotency key matched a message stored earlier.</param>
public sealed record StoredMessage(Message Message, Conversation Conversation, bool IsNew);

/// <summary>
/// The single writer of messages. Concurrent appends are committed together in one transaction
/// (group commit), so a durable commit is shared by everyone waiting; nobody's task completes
/// before the transaction holding its message has committed.
/// </summary>
public sealed class MessageWriter(
    IServiceScopeFactory scopes, PriorityPolicy priority, TimeProvider time, ILogger<MessageWriter> log)
    : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(NewMessage Request, TaskCompletionSource<StoredMessage> Done);

    public Task<StoredMessage> AppendAsync(NewMessage request, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<StoredMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(request, done)))
            throw new InvalidOperationException("The message writer has stopped.");
        return done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        // Keeps writing until the queue is completed at shutdown, so nothing accepted is dropped.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            await WriteAsync(batch);
            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var results = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad message must not fail its neighbours: retry each on its own.
            foreach (var pending in batch) await WriteAsync([pending]);
        }
        catch (Exception e)
        {
            if (e is not NotFoundException) log.LogError(e, "Storing a message failed");
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task<StoredMessage[]> CommitAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var now = time.GetUtcNow().UtcDateTime;

        var conversations = await LoadConversationsAsync(db, batch);
        var created = false;
        foreach (var p in batch)
        {
            if (p.Request.ConversationId is null && ConversationOf(p.Request, conversations) is null)
            {
                var r = p.Request;
                conversations.ByVisitor[r.VisitorId!.Value] = db.Conversations.Add(new Conversation
                {
                    ChannelId = r.ChannelId, CustomerId = r.CustomerId, VisitorId = r.VisitorId,
                    Subject = r.Subject, Tier = r.Tier, CreatedAt = now, LastMessageAt = now,
                    DueAt = PriorityPolicy.NotWaiting,
                }).Entity;
                created = true;
            }
        }
        if (created) await db.SaveChangesAsync();

        var earlier = await LoadEarlierAsync(db, batch, conversations);
        var results = new StoredMessage[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i].Request;
            var conversation = ConversationOf(r, conversations) ?? throw new NotFoundException("Conversation");
            var key = (conversation.Id, r.Sender, r.ClientMessageId);
            if (r.ClientMessageId is not null && earlier.TryGetValue(key, out var stored))
            {
                results[i] = new StoredMessage(stored, conversation, IsNew: false);
                continue;
            }
            var message = db.Messages.Add(new Message
            {
                ConversationId = conversation.Id, ChannelId = conversation.ChannelId, Sender = r.Sender,
                AgentId = r.AgentId, AuthorName = r.AuthorName, Body = r.Body, IsPrivate = r.IsPrivate,
                ClientMessageId = r.ClientMessageId, ProviderMessageId = r.ProviderMessageId, CreatedAt = now,
            }).Entity;
            if (r.ClientMessageId is not null) earlier[key] = message;
            Apply(conversation, r, now);
            results[i] = new StoredMessage(message, conversation, IsNew: true);
        }

        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return results;
    }

    /// <summary>What a new message does to its conversation: activity, waiting time, due time, status.</summary>
    private void Apply(Conversation c, NewMessage r, DateTime now)
    {
        if (r.IsPrivate) return;
        c.LastMessageAt = now;
        c.LastMessagePreview = r.Body.Length <= 140 ? r.Body : r.Body[..140];
        switch (r.Sender)
        {
            case Senders.Customer:
                if (c.Status != ConversationStatuses.Open)
                {
                    c.Status = ConversationStatuses.Open;
                    c.ResolvedAt = null;
                }
                c.WaitingSince ??= now;
                break;
            case Senders.Agent:
                c.FirstResponseAt ??= now;
                c.WaitingSince = null;
                if (c.AssigneeId is null && r.AgentId is not null) c.AssigneeId = r.AgentId;
                break;
        }
        c.DueAt = priority.DueAt(c.Tier, r.ChannelKind, c.WaitingSince);
    }

    private sealed class ConversationSet
    {
        public Dictionary<long, Conversation> ById { get; } = [];
        public Dictionary<long, Conversation> ByVisitor { get; } = [];
    }

    private static Conversation? ConversationOf(NewMessage r, ConversationSet set) =>
        r.ConversationId is { } id ? set.ById.GetValueOrDefault(id) : set.ByVisitor.GetValueOrDefault(r.VisitorId!.Value);

    private static async Task<ConversationSet> LoadConversationsAsync(HelpdeskDbContext db, List<Pending> batch)
    {
        var set = new ConversationSet();
        var ids = batch.Select(p => p.Request.ConversationId).OfType<long>().Distinct().ToList();
        if (ids.Count > 0)
            foreach (var c in await db.Conversations.Where(c => ids.Contains(c.Id)).ToListAsync())
                set.ById[c.Id] = c;

        var visitors = batch.Where(p => p.Request.ConversationId is null)
            .Select(p => p.Request.VisitorId ?? throw new ArgumentException("A message needs a conversation or a visitor."))
            .Distinct().ToList();
        if (visitors.Count > 0)
        {
            var latest = await db.Conversations
                .Where(c => c.VisitorId != null && visitors.Contains(c.VisitorId.Value))
                .GroupBy(c => c.VisitorId)
                .Select(g => g.Max(c => c.Id))
                .ToListAsync();
            foreach (var c in await db.Conversations.Where(c => latest.Contains(c.Id)).ToListAsync())
            {
                if (c.Status == ConversationStatuses.Resolved) continue;
                set.ByVisitor[c.VisitorId!.Value] = c;
                set.ById.TryAdd(c.Id, c);
            }
        }
        return set;
    }

    private static async Task<Dictionary<(long, string, string?), Message>> LoadEarlierAsync(
        HelpdeskDbContext db, List<Pending> batch, ConversationSet set)
    {
        var keyed = batch.Where(p => p.Request.ClientMessageId is not null)
            .Select(p => (Conversation: ConversationOf(p.Request, set), p.Request.ClientMessageId))
            .Where(k => k.Conversation is not null)
            .ToList();
        if (keyed.Count == 0) return [];
        var conversationIds = keyed.Select(k => k.Conversation!.Id).Distinct().ToList();
        var clientIds = keyed.Select(k => k.ClientMessageId!).Distinct().ToList();
        var found = await db.Messages.AsNoTracking()
            .Where(m => conversationIds.Contains(m.ConversationId) && clientIds.Contains(m.ClientMessageId!))
            .ToListAsync();
        return found.ToDictionary(m => (m.ConversationId, m.Sender, m.ClientMessageId));
    }
}
