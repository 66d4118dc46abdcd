using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ChannelKinds = Helpdesk.Features.Channels.ChannelKinds;
using Helpdesk.Features.Queue;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Features.Conversations;

/// <summary>A message to store: into a known conversation, or into a visitor's current one.</summary>
public sealed record NewMessage
{
    public long? ConversationId { get; init; }
    /// <summary>Without a conversation: the visitor's latest one, or a new one if it was resolved or there is none.</summary>
    public long? VisitorId { get; init; }
    public string Subject { get; init; } = "";
    public required string Sender { get; init; }
    public long? AgentId { get; init; }
    public string? AuthorName { get; init; }
    public required string Body { get; init; }
    public bool IsPrivate { get; init; }
    public string? ClientMessageId { get; init; }
    public string? ProviderMessageId { get; init; }
    public string? Quoted { get; init; }
    public string? ReplyTo { get; init; }
    public string? SenderProof { get; init; }
    /// <summary>The customer's own order the message asks about (checked by the caller).</summary>
    public string? OrderNumber { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
}

/// <param name="IsNew">False when the idempotency key matched a message stored earlier.</param>
/// <param name="StartedConversation">True when this message opened a new conversation.</param>
public sealed record StoredMessage(Message Message, Conversation Conversation, bool IsNew, bool StartedConversation = false)
{
    /// <summary>Set when the message waits in the outbox to leave by its channel.</summary>
    public DeliveryDto? Delivery { get; init; }
}

/// <summary>
/// The single writer of messages. Concurrent appends are committed together in one transaction
/// (group commit), so one durable commit serves everyone waiting; nobody's task completes before
/// the transaction holding its message has committed. Being the only writer also makes the
/// idempotency check and a visitor's first conversation free of races. Its queue is bounded: when
/// it is full a new message is refused with <see cref="BusyException"/> before anything is stored,
/// and one already queued is always written.
/// </summary>
/// <remarks>
/// This is the hot path of live chat, so it speaks SQL directly with prepared commands; every
/// statement uses an index (see HelpdeskDbContext).
/// </remarks>
public sealed class MessageWriter(
    IServiceScopeFactory scopes, PriorityPolicy priority, OutboxSignal outbox, IOptions<WriteOptions> options, TimeProvider time,
    ILogger<MessageWriter> log)
    : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private sealed record Pending(NewMessage Request, TaskCompletionSource<StoredMessage> Done);

    /// <summary>A conversation as the writer tracks it within one batch.</summary>
    private sealed class Tracked(Conversation conversation, string channelKind, bool isNew = false)
    {
        public Conversation Conversation { get; } = conversation;
        public string ChannelKind { get; } = channelKind;
        public bool IsNew { get; } = isNew;
        public bool Changed { get; set; }
        public bool Reopened { get; set; }
    }

    /// <summary>Queues the message; the task completes once it is committed.</summary>
    /// <param name="waitForRoom">
    /// For the rest of a request whose first part is committed already: a full queue is waited out
    /// instead of refusing, since a refusal could no longer leave everything unstored.
    /// </param>
    /// <exception cref="BusyException">The queue is full (or the node is stopping); nothing was stored.</exception>
    public async Task<StoredMessage> AppendAsync(NewMessage request, CancellationToken ct = default, bool waitForRoom = false)
    {
        if (request.ConversationId is null && request.VisitorId is null)
            throw new ArgumentException("A message needs a conversation or a visitor.", nameof(request));
        var pending = new Pending(request, new TaskCompletionSource<StoredMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (waitForRoom) await _queue.Writer.WriteAsync(pending, CancellationToken.None);
        else if (!_queue.Writer.TryWrite(pending))
            throw new BusyException("Too many messages are waiting to be stored. Nothing was stored: please retry in a moment.");
        return await pending.Done.Task.WaitAsync(ct);
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
            if (results.Any(r => r is { Delivery: not null })) outbox.Wake();
            for (var i = 0; i < batch.Count; i++)
            {
                if (results[i] is { } stored) batch[i].Done.TrySetResult(stored);
                else batch[i].Done.TrySetException(new NotFoundException("Conversation"));
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One bad message must not fail its neighbours: retry each on its own.
            foreach (var pending in batch) await WriteAsync([pending]);
        }
        catch (Exception e)
        {
            log.LogError(e, "Storing a message failed");
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task<StoredMessage?[]> CommitAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var sql = new Sql(db.Database.GetDbConnection(), tx.GetDbTransaction());
        var now = time.GetUtcNow().UtcDateTime;

        var byId = new Dictionary<long, Tracked?>();
        var byVisitor = new Dictionary<long, Tracked?>();
        var results = new StoredMessage?[batch.Count];
        async Task<Tracked?> Get(long id) => byId.TryGetValue(id, out var known) ? known : byId[id] = await sql.ConversationAsync(id);

        for (var i = 0; i < batch.Count; i++)
        {
            var r = batch[i].Request;
            // A shopper's resend may arrive after its conversation was resolved: it is still the same message.
            if (r is { ConversationId: null, ClientMessageId: { } clientId }
                && await sql.EarlierVisitorMessageAsync(r.VisitorId!.Value, clientId) is { } earlier
                && await Get(earlier.ConversationId) is { } itsConversation)
            {
                results[i] = new StoredMessage(earlier, itsConversation.Conversation, IsNew: false);
                continue;
            }

            Tracked? tracked;
            if (r.ConversationId is { } conversationId) tracked = await Get(conversationId);
            else if (!byVisitor.TryGetValue(r.VisitorId!.Value, out tracked))
            {
                // The same conversation object for every message of the batch, whichever way it is reached.
                tracked = await sql.LatestConversationIdAsync(r.VisitorId.Value) is { } latest ? await Get(latest) : null;
                if (tracked is null || tracked.Conversation.Status == ConversationStatuses.Resolved)
                {
                    tracked = await sql.NewVisitorConversationAsync(r.VisitorId.Value, r.Subject, now);
                    if (tracked is not null) byId[tracked.Conversation.Id] = tracked;
                }
                byVisitor[r.VisitorId.Value] = tracked;
            }
            if (tracked is null) continue;
            var c = tracked.Conversation;

            var message = new Message
            {
                ConversationId = c.Id, ChannelId = c.ChannelId, Sender = r.Sender, AgentId = r.AgentId,
                AuthorName = r.AuthorName, Body = r.Body, IsPrivate = r.IsPrivate,
                ClientMessageId = r.ClientMessageId, ProviderMessageId = r.ProviderMessageId, CreatedAt = now,
                Quoted = r.Quoted, ReplyTo = r.ReplyTo, SenderProof = r.SenderProof, OrderNumber = r.OrderNumber,
            };
            if (await sql.InsertMessageAsync(message) is { } newId)
            {
                message.Id = newId;
                foreach (var attachment in r.Attachments)
                {
                    attachment.MessageId = newId;
                    attachment.Id = await sql.InsertAttachmentAsync(attachment);
                    message.Attachments.Add(attachment);
                }
                DeliveryDto? delivery = null;
                if (LeavesByChannel(r, tracked.ChannelKind))
                {
                    await sql.InsertOutboxAsync(message, now);
                    delivery = new DeliveryDto(DeliveryStatuses.Queued, null, 0, now);
                }
                var starts = tracked is { IsNew: true, Changed: false };
                Apply(tracked, r, now);
                results[i] = new StoredMessage(message, c, IsNew: true, starts) { Delivery = delivery };
            }
            else
            {
                results[i] = new StoredMessage(await sql.EarlierMessageAsync(message), c, IsNew: false);
            }
        }

        foreach (var tracked in byId.Values)
            if (tracked is { Changed: true })
                await sql.UpdateConversationAsync(tracked, priority.DueAtSql(tracked.ChannelKind, "$p1"));
        await tx.CommitAsync();
        return results;
    }

    /// <summary>Replies and automatic answers leave by mail, Messenger or a marketplace; a live chat's reach the widget directly.</summary>
    private static bool LeavesByChannel(NewMessage r, string channelKind) =>
        !r.IsPrivate && r.Sender is Senders.Agent or Senders.Auto
        && channelKind is ChannelKinds.Email or ChannelKinds.Messenger or ChannelKinds.Marketplace;

    /// <summary>What a new message does to its conversation: activity, waiting time, due time, status.</summary>
    private void Apply(Tracked tracked, NewMessage r, DateTime now)
    {
        // An automatic reply answers nobody: the customer still waits for a person, and the list keeps their words.
        if (r.IsPrivate || r.Sender == Senders.Auto) return;
        var c = tracked.Conversation;
        c.LastMessageAt = now;
        c.LastMessagePreview = r.Body.Length <= 140 ? r.Body : r.Body[..140];
        switch (r.Sender)
        {
            case Senders.Customer:
                if (c.Status != ConversationStatuses.Open)
                {
                    c.Status = ConversationStatuses.Open;
                    c.ResolvedAt = null;
                    tracked.Reopened = true;
                }
                c.WaitingSince ??= now;
                break;
            case Senders.Agent:
                c.FirstResponseAt ??= now;
                c.WaitingSince = null;
                if (c.AssigneeId is null && r.AgentId is not null) c.AssigneeId = r.AgentId;
                break;
        }
        c.DueAt = priority.DueAt(c.Tier, tracked.ChannelKind, c.WaitingSince);
        tracked.Changed = true;
    }

    /// <summary>The writer's statements, prepared once per batch.</summary>
    private sealed class Sql(DbConnection connection, DbTransaction transaction)
    {
        private const string ConversationColumns = """
            c.Id, c.ChannelId, c.CustomerId, c.VisitorId, c.Subject, c.Status, c.AssigneeId, c.Tier, c.PriorityReason,
            c.WaitingSince, c.FirstResponseAt, c.ResolvedAt, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.DueAt, ch.Kind
            """;

        private readonly Dictionary<string, DbCommand> _commands = [];

        private DbCommand Command(string text)
        {
            if (_commands.TryGetValue(text, out var command)) return command;
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            return _commands[text] = command;
        }

        public async Task<Tracked?> ConversationAsync(long id)
        {
            await using var reader = await Command($"""
                SELECT {ConversationColumns} FROM Conversations c JOIN Channels ch ON ch.Id = c.ChannelId WHERE c.Id = $p0
                """).Bind(id).ExecuteReaderAsync();
            return await reader.ReadAsync() ? Read(reader) : null;
        }

        public async Task<long?> LatestConversationIdAsync(long visitorId) =>
            await Command("SELECT MAX(Id) FROM Conversations WHERE VisitorId = $p0").Bind(visitorId).ExecuteScalarAsync() as long?;

        /// <summary>A new conversation for the visitor; null for an unknown visitor.</summary>
        public async Task<Tracked?> NewVisitorConversationAsync(long visitorId, string subject, DateTime now)
        {
            long channelId, customerId;
            string kind, tier, reason;
            bool verified;
            // The customer the shopper claims to be, by the email they typed, if that is someone else:
            // their history sets the priority and the agent sees it, marked as not verified.
            await using (var reader = await Command("""
                SELECT v.ChannelId, cu.Id, ch.Kind, cu.Tier, cu.OrderCount, cu.LifetimeValue, cu.Currency,
                    v.VerifiedAt IS NOT NULL
                FROM Visitors v JOIN Channels ch ON ch.Id = v.ChannelId
                JOIN Customers cu ON cu.Id = CASE WHEN v.VerifiedAt IS NULL THEN COALESCE(v.ClaimedCustomerId, v.CustomerId) ELSE v.CustomerId END
                WHERE v.Id = $p0
                """).Bind(visitorId).ExecuteReaderAsync())
            {
                if (!await reader.ReadAsync()) return null;
                (channelId, customerId, kind, tier) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
                reason = PriorityPolicy.Who(tier, reader.GetInt32(4), reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetString(6));
                verified = reader.GetBoolean(7);
            }
            var c = new Conversation
            {
                ChannelId = channelId, CustomerId = customerId, VisitorId = visitorId, Subject = subject, Tier = tier,
                PriorityReason = reason, CreatedAt = now, LastMessageAt = now, DueAt = PriorityPolicy.NotWaiting,
                CustomerVerified = verified,
            };
            c.Id = (long)(await Command("""
                INSERT INTO Conversations (ChannelId, CustomerId, VisitorId, Subject, Status, Tier, PriorityReason, DueAt,
                    CreatedAt, LastMessageAt, LastMessagePreview, AgentReadUpToId, CustomerReadUpToId, CustomerVerified)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p8, '', 0, 0, $p9) RETURNING Id
                """).Bind(channelId, customerId, visitorId, subject, c.Status, c.Tier, c.PriorityReason, c.DueAt, now, verified)
                .ExecuteScalarAsync())!;
            return new Tracked(c, kind, isNew: true);
        }

        /// <summary>The new message's id, or null when its idempotency key is already taken.</summary>
        public async Task<long?> InsertMessageAsync(Message m) =>
            await Command("""
                INSERT INTO Messages (ConversationId, ChannelId, Sender, AgentId, AuthorName, Body, IsPrivate,
                    ClientMessageId, ProviderMessageId, CreatedAt, Quoted, ReplyTo, SenderProof, OrderNumber)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13)
                ON CONFLICT DO NOTHING RETURNING Id
                """).Bind(m.ConversationId, m.ChannelId, m.Sender, m.AgentId, m.AuthorName, m.Body, m.IsPrivate,
                m.ClientMessageId, m.ProviderMessageId, m.CreatedAt, m.Quoted, m.ReplyTo, m.SenderProof, m.OrderNumber).ExecuteScalarAsync() as long?;

        public async Task<long> InsertAttachmentAsync(Attachment a) =>
            (long)(await Command("""
                INSERT INTO Attachments (MessageId, FileName, ContentType, Size, Inline, Content, Url)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6) RETURNING Id
                """).Bind(a.MessageId, a.FileName, a.ContentType, a.Size, a.Inline, a.Content, a.Url).ExecuteScalarAsync())!;

        public Task InsertOutboxAsync(Message m, DateTime now) =>
            Command("""
                INSERT INTO Outbox (MessageId, ConversationId, ChannelId, Status, Attempts, NextAttemptAt, CreatedAt)
                VALUES ($p0, $p1, $p2, 'queued', 0, $p3, $p3)
                """).Bind(m.Id, m.ConversationId, m.ChannelId, now).ExecuteNonQueryAsync();

        public async Task<Message> EarlierMessageAsync(Message m)
        {
            await using var reader = await Command("""
                SELECT Id, AgentId, AuthorName, Body, IsPrivate, CreatedAt, ConversationId, ClientMessageId FROM Messages
                WHERE (ConversationId = $p0 AND Sender = $p1 AND ClientMessageId = $p2)
                   OR (ChannelId = $p3 AND ProviderMessageId = $p4)
                """).Bind(m.ConversationId, m.Sender, m.ClientMessageId, m.ChannelId, m.ProviderMessageId).ExecuteReaderAsync();
            if (!await reader.ReadAsync())
                throw new InvalidOperationException("A message was refused as a duplicate but no earlier one exists.");
            return new Message
            {
                Id = reader.GetInt64(0), ConversationId = reader.GetInt64(6), ChannelId = m.ChannelId, Sender = m.Sender,
                AgentId = reader.IsDBNull(1) ? null : reader.GetInt64(1), AuthorName = reader.IsDBNull(2) ? null : reader.GetString(2),
                Body = reader.GetString(3), IsPrivate = reader.GetBoolean(4),
                ClientMessageId = reader.IsDBNull(7) ? null : reader.GetString(7), ProviderMessageId = m.ProviderMessageId,
                CreatedAt = Utc(reader.GetDateTime(5)),
            };
        }

        public async Task<Message?> EarlierVisitorMessageAsync(long visitorId, string clientMessageId)
        {
            await using var reader = await Command("""
                SELECT m.Id, m.ConversationId, m.ChannelId, m.Body, m.CreatedAt FROM Messages m
                WHERE m.ConversationId IN (SELECT Id FROM Conversations WHERE VisitorId = $p0)
                  AND m.Sender = 'customer' AND m.ClientMessageId = $p1
                """).Bind(visitorId, clientMessageId).ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return null;
            return new Message
            {
                Id = reader.GetInt64(0), ConversationId = reader.GetInt64(1), ChannelId = reader.GetInt64(2),
                Sender = Senders.Customer, Body = reader.GetString(3), ClientMessageId = clientMessageId,
                CreatedAt = Utc(reader.GetDateTime(4)),
            };
        }

        /// <summary>
        /// Writes what messages change and nothing else: an assignment or resolution made meanwhile
        /// by someone else stays, and the due time follows the row's own current tier.
        /// </summary>
        public Task UpdateConversationAsync(Tracked t, string dueAt)
        {
            var c = t.Conversation;
            return Command($"""
                UPDATE Conversations SET
                    Status = CASE WHEN $p2 THEN 'open' ELSE Status END,
                    ResolvedAt = CASE WHEN $p2 THEN NULL ELSE ResolvedAt END,
                    WaitingSince = $p1, FirstResponseAt = COALESCE(FirstResponseAt, $p3),
                    PinnedDueAt = CASE WHEN $p1 IS NULL THEN NULL ELSE PinnedDueAt END,
                    AssigneeId = COALESCE(AssigneeId, $p4), DueAt = {dueAt},
                    LastMessageAt = $p5, LastMessagePreview = $p6
                WHERE Id = $p0
                """).Bind(c.Id, c.WaitingSince, t.Reopened, c.FirstResponseAt, c.AssigneeId, c.LastMessageAt,
                c.LastMessagePreview).ExecuteNonQueryAsync();
        }

        private static Tracked Read(DbDataReader r) => new(new Conversation
        {
            Id = r.GetInt64(0), ChannelId = r.GetInt64(1), CustomerId = r.GetInt64(2),
            VisitorId = r.IsDBNull(3) ? null : r.GetInt64(3), Subject = r.GetString(4), Status = r.GetString(5),
            AssigneeId = r.IsDBNull(6) ? null : r.GetInt64(6), Tier = r.GetString(7), PriorityReason = r.GetString(8),
            WaitingSince = UtcOrNull(r, 9), FirstResponseAt = UtcOrNull(r, 10), ResolvedAt = UtcOrNull(r, 11),
            CreatedAt = Utc(r.GetDateTime(12)), LastMessageAt = Utc(r.GetDateTime(13)),
            LastMessagePreview = r.GetString(14), DueAt = Utc(r.GetDateTime(15)),
        }, r.GetString(16));

        private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
        private static DateTime? UtcOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Utc(r.GetDateTime(i));
    }
}
