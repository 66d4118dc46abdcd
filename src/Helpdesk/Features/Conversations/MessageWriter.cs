using Microsoft.EntityFrameworkCore.Storage;
using ChannelKinds = Helpdesk.Features.Channels.ChannelKinds;
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
public sealed record StoredMessage(Message Message, Conversation Conversation, bool IsNew)
{
    /// <summary>Set when the message waits in the outbox to leave by its channel.</summary>
    public DeliveryDto? Delivery { get; init; }
    /// <summary>What the message did to its conversation (opened it, answered the customer, reopened it …).</summary>
    public IReadOnlyList<ConversationEvent> Events { get; init; } = [];
    /// <summary>This message opened a new conversation.</summary>
    public bool StartedConversation => Events.Any(e => e is ConversationOpened);
}

/// <summary>
/// The one way a message is stored: into its conversation, or into a visitor's current one, with
/// the lifecycle's transition, the outbox row of a reply that leaves by its channel, and the
/// idempotency keys checked, all in one transaction of the shared group commit
/// (<see cref="WriteQueue"/>). Running one at a time there makes the idempotency check and a
/// visitor's first conversation free of races; nobody hears back before the commit.
/// </summary>
public sealed class MessageWriter(
    WriteQueue writes, ConversationLifecycle lifecycle, Reports.ReportRecorder reports, OutboxSignal outbox, TimeProvider time)
{
    /// <summary>Used by the write queue's one operation at a time only.</summary>
    private MessageSql? _sql;

    /// <summary>Queues the message; the task completes once it is committed.</summary>
    /// <param name="waitForRoom">
    /// For the rest of a request whose first part is committed already: a full queue is waited out
    /// instead of refusing, since a refusal could no longer leave everything unstored.
    /// </param>
    /// <exception cref="BusyException">The queue is full (or the node is stopping); nothing was stored.</exception>
    /// <exception cref="NotFoundException">The conversation or the visitor does not exist.</exception>
    public async Task<StoredMessage> AppendAsync(NewMessage request, CancellationToken ct = default, bool waitForRoom = false)
    {
        if (request.ConversationId is null && request.VisitorId is null)
            throw new ArgumentException("A message needs a conversation or a visitor.", nameof(request));
        var stored = await writes.RunAsync(db => StoreAsync(db, request), waitForRoom).WaitAsync(ct);
        if (stored.Delivery is not null) outbox.Wake();
        return stored;
    }

    /// <summary>Stores the message in the caller's write-queue operation (its transaction), for changes that add messages.</summary>
    public async Task<StoredMessage> StoreAsync(HelpdeskDbContext db, NewMessage r)
    {
        var sql = Statements(db);
        var now = time.GetUtcNow().UtcDateTime;
        if (r is { ConversationId: null, VisitorId: { } visitor }) await sql.LockVisitorAsync(visitor);
        // A shopper's resend may arrive after its conversation was resolved: it is still the same message.
        if (r is { ConversationId: null, ClientMessageId: { } clientId }
            && await sql.EarlierVisitorMessageAsync(r.VisitorId!.Value, clientId) is { } earlier
            && await sql.ConversationAsync(earlier.ConversationId) is { } itsConversation)
            return new StoredMessage(earlier, itsConversation.Conversation, IsNew: false);

        var events = new List<ConversationEvent>();
        var row = r.ConversationId is { } conversationId
            ? await sql.ConversationAsync(conversationId)
            : await VisitorConversationAsync(sql, r, now, events);
        if (row is null) throw new NotFoundException("Conversation");
        var (c, kind) = row;

        var message = new Message
        {
            ConversationId = c.Id, ChannelId = c.ChannelId, Sender = r.Sender, AgentId = r.AgentId,
            AuthorName = r.AuthorName, Body = r.Body, IsPrivate = r.IsPrivate,
            ClientMessageId = r.ClientMessageId, ProviderMessageId = r.ProviderMessageId, CreatedAt = now,
            Quoted = r.Quoted, ReplyTo = r.ReplyTo, SenderProof = r.SenderProof, OrderNumber = r.OrderNumber,
        };
        if (await sql.InsertMessageAsync(message) is not { } id)
            return new StoredMessage(await sql.EarlierMessageAsync(message), c, IsNew: false);
        message.Id = id;
        foreach (var attachment in r.Attachments)
        {
            attachment.MessageId = id;
            attachment.Id = await sql.InsertAttachmentAsync(attachment);
            message.Attachments.Add(attachment);
        }
        DeliveryDto? delivery = null;
        if (LeavesByChannel(r, kind))
        {
            await sql.InsertOutboxAsync(message, now);
            delivery = new DeliveryDto(DeliveryStatuses.Queued, null, 0, now);
        }
        events.AddRange(lifecycle.Apply(c, kind, Transition(r, now)));
        await sql.UpdateConversationAsync(c);
        await reports.RecordAsync(db, c, events);
        return new StoredMessage(message, c, IsNew: true)
        {
            Delivery = delivery, Events = events,
        };
    }

    /// <summary>The visitor's latest conversation, or a new one if it was resolved or there is none.</summary>
    private async Task<ConversationRow?> VisitorConversationAsync(MessageSql sql, NewMessage r, DateTime now, List<ConversationEvent> events)
    {
        var visitorId = r.VisitorId!.Value;
        if (await sql.LatestConversationAsync(visitorId) is { } current && current.Conversation.Status != ConversationStatuses.Resolved)
            return current;
        if (await sql.VisitorCustomerAsync(visitorId) is not { } visitor) return null;
        var c = new Conversation
        {
            ChannelId = visitor.ChannelId, CustomerId = visitor.CustomerId, VisitorId = visitorId, Subject = r.Subject,
            CustomerVerified = visitor.Verified,
        };
        events.AddRange(lifecycle.Start(c, visitor.Kind, visitor.Facts, now));
        c.Id = await sql.InsertConversationAsync(c);
        return new ConversationRow(c, visitor.Kind);
    }

    private static Transition Transition(NewMessage r, DateTime now) => r switch
    {
        { IsPrivate: true } => new Transition.Note(now),
        { Sender: Senders.Customer } => new Transition.CustomerMessage(now, r.Body),
        { Sender: Senders.Agent } => new Transition.AgentReply(now, r.AgentId, r.Body),
        _ => new Transition.AutoReply(now),
    };

    /// <summary>Replies and automatic answers leave by mail, Messenger or a marketplace; a live chat's reach the widget directly.</summary>
    private static bool LeavesByChannel(NewMessage r, string channelKind) =>
        !r.IsPrivate && r.Sender is Senders.Agent or Senders.Auto
        && channelKind is ChannelKinds.Email or ChannelKinds.Messenger or ChannelKinds.Marketplace;

    private MessageSql Statements(HelpdeskDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (_sql?.Connection != connection) _sql = new MessageSql(connection);
        return _sql.In(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Messages are stored inside a write-queue operation."));
    }
}
