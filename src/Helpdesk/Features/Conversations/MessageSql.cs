using System.Data.Common;
using Helpdesk.Infrastructure.Outbox;

namespace Helpdesk.Features.Conversations;

/// <summary>A conversation as the message writer reads it, with its channel's kind.</summary>
public sealed record ConversationRow(Conversation Conversation, string ChannelKind);

/// <summary>
/// The message writer's statements: the hot path of live chat, so they are prepared once per
/// connection and every one uses an index (see HelpdeskDbContext). Literal values come from the
/// constants; the SQL is what SQLite and PostgreSQL both run (see RawSql).
/// </summary>
public sealed class MessageSql(DbConnection connection)
{
    private const string ConversationColumns = """
        c.Id, c.ChannelId, c.CustomerId, c.VisitorId, c.Subject, c.Status, c.AssigneeId, c.Tier,
        c.PriorityOrderCount, c.PriorityValue, c.PriorityCurrency, c.PinnedDueAt, c.PinReason, c.SnoozedUntil,
        c.WaitingSince, c.FirstResponseAt, c.ResolvedAt, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.DueAt,
        c.CustomerVerified, ch.Kind
        """;

    private readonly Dictionary<string, DbCommand> _commands = [];
    private DbTransaction? _transaction;

    public DbConnection Connection => connection;

    /// <summary>The statements that follow run in this transaction.</summary>
    public MessageSql In(DbTransaction transaction)
    {
        _transaction = transaction;
        return this;
    }

    private DbCommand Command(string text)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = connection.Command(text);
            _commands[text] = command;
        }
        command.Transaction = _transaction;
        return command;
    }

    /// <summary>The conversation, locked until the transaction ends (PostgreSQL: another node's writer waits; see RawSql).</summary>
    public async Task<ConversationRow?> ConversationAsync(long id)
    {
        await using var reader = await Command($"""
            SELECT {ConversationColumns} FROM Conversations c JOIN Channels ch ON ch.Id = c.ChannelId WHERE c.Id = $p0
            /* postgres: FOR UPDATE OF c */
            """).Bind(id).ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    /// <summary>
    /// The visitor's latest conversation, locked as <see cref="ConversationAsync"/> locks it, in one statement
    /// (each is a round trip on PostgreSQL).
    /// </summary>
    public async Task<ConversationRow?> LatestConversationAsync(long visitorId)
    {
        await using var reader = await Command($"""
            SELECT {ConversationColumns} FROM Conversations c JOIN Channels ch ON ch.Id = c.ChannelId
            WHERE c.Id = (SELECT MAX(Id) FROM Conversations WHERE VisitorId = $p0)
            /* postgres: FOR UPDATE OF c */
            """).Bind(visitorId).ExecuteReaderAsync();
        return await reader.ReadAsync() ? Read(reader) : null;
    }

    /// <summary>
    /// PostgreSQL: the visitor is this writer's until the transaction ends, so two nodes taking one shopper's
    /// messages (two tabs, a resend after a reconnect) never both open a conversation or both store the
    /// resend. SQLite's single writer needs nothing, and the hot path pays nothing there.
    /// </summary>
    public async Task LockVisitorAsync(long visitorId)
    {
        if (connection is Npgsql.NpgsqlConnection)
            await Command("SELECT Id FROM Visitors WHERE Id = $p0 FOR UPDATE").Bind(visitorId).ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Who a visitor's new conversation is filed under: the customer the shopper claims to be (by the
    /// email they typed) while not proven, so their history sets the priority and the agent sees it,
    /// marked as not verified; their own record once proven. Null for an unknown visitor.
    /// </summary>
    public async Task<(long ChannelId, long CustomerId, string Kind, PriorityFacts Facts, bool Verified)?> VisitorCustomerAsync(long visitorId)
    {
        await using var reader = await Command("""
            SELECT v.ChannelId, cu.Id, ch.Kind, cu.Tier, cu.OrderCount, cu.LifetimeValue, cu.Currency,
                CASE WHEN v.VerifiedAt IS NULL THEN 0 ELSE 1 END
            FROM Visitors v JOIN Channels ch ON ch.Id = v.ChannelId
            JOIN Customers cu ON cu.Id = CASE WHEN v.VerifiedAt IS NULL THEN COALESCE(v.ClaimedCustomerId, v.CustomerId) ELSE v.CustomerId END
            WHERE v.Id = $p0
            """).Bind(visitorId).ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var facts = new PriorityFacts(reader.GetString(3), reader.GetInt32(4), reader.GetDecimal(5), reader.IsDBNull(6) ? null : reader.GetString(6));
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), facts, reader.GetInt32(7) == 1);
    }

    public async Task<long> InsertConversationAsync(Conversation c) =>
        (long)(await Command("""
            INSERT INTO Conversations (ChannelId, CustomerId, VisitorId, Subject, Status, Tier, PriorityOrderCount, PriorityValue,
                PriorityCurrency, DueAt, CreatedAt, LastMessageAt, LastMessagePreview, AgentReadUpToId, CustomerReadUpToId, CustomerVerified)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, 0, 0, $p13) RETURNING Id
            """).Bind(c.ChannelId, c.CustomerId, c.VisitorId, c.Subject, c.Status, c.Tier, c.PriorityOrderCount, c.PriorityValue,
            c.PriorityCurrency, c.DueAt, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.CustomerVerified)
            .ExecuteScalarAsync())!;

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
            VALUES ($p0, $p1, $p2, $p3, 0, $p4, $p4)
            """).Bind(m.Id, m.ConversationId, m.ChannelId, DeliveryStatuses.Queued, now).ExecuteNonQueryAsync();

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
              AND m.Sender = $p1 AND m.ClientMessageId = $p2
            """).Bind(visitorId, Senders.Customer, clientMessageId).ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        return new Message
        {
            Id = reader.GetInt64(0), ConversationId = reader.GetInt64(1), ChannelId = reader.GetInt64(2),
            Sender = Senders.Customer, Body = reader.GetString(3), ClientMessageId = clientMessageId,
            CreatedAt = Utc(reader.GetDateTime(4)),
        };
    }

    /// <summary>Writes the state the lifecycle owns, as it left it (the row was read in this transaction).</summary>
    public Task UpdateConversationAsync(Conversation c) =>
        Command("""
            UPDATE Conversations SET
                Status = $p1, AssigneeId = $p2, WaitingSince = $p3, FirstResponseAt = $p4, ResolvedAt = $p5,
                SnoozedUntil = $p6, PinnedDueAt = $p7, DueAt = $p8, LastMessageAt = $p9, LastMessagePreview = $p10
            WHERE Id = $p0
            """).Bind(c.Id, c.Status, c.AssigneeId, c.WaitingSince, c.FirstResponseAt, c.ResolvedAt, c.SnoozedUntil,
            c.PinnedDueAt, c.DueAt, c.LastMessageAt, c.LastMessagePreview).ExecuteNonQueryAsync();

    private static ConversationRow Read(DbDataReader r) => new(new Conversation
    {
        Id = r.GetInt64(0), ChannelId = r.GetInt64(1), CustomerId = r.GetInt64(2),
        VisitorId = r.IsDBNull(3) ? null : r.GetInt64(3), Subject = r.GetString(4), Status = r.GetString(5),
        AssigneeId = r.IsDBNull(6) ? null : r.GetInt64(6), Tier = r.GetString(7),
        PriorityOrderCount = r.GetInt32(8), PriorityValue = r.GetDecimal(9), PriorityCurrency = r.IsDBNull(10) ? null : r.GetString(10),
        PinnedDueAt = UtcOrNull(r, 11), PinReason = r.IsDBNull(12) ? null : r.GetString(12), SnoozedUntil = UtcOrNull(r, 13),
        WaitingSince = UtcOrNull(r, 14), FirstResponseAt = UtcOrNull(r, 15), ResolvedAt = UtcOrNull(r, 16),
        CreatedAt = Utc(r.GetDateTime(17)), LastMessageAt = Utc(r.GetDateTime(18)),
        LastMessagePreview = r.GetString(19), DueAt = Utc(r.GetDateTime(20)), CustomerVerified = r.GetBoolean(21),
    }, r.GetString(22));

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
    private static DateTime? UtcOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : Utc(r.GetDateTime(i));
}
