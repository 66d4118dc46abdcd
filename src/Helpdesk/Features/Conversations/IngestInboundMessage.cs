using Helpdesk.Infrastructure.Text;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Conversations;

/// <summary>A customer's message from any channel, after the channel's own format has been read and verified.</summary>
public sealed record InboundMessage
{
    public required long ChannelId { get; init; }
    /// <summary>The provider's id for the message; a second delivery of it is stored once.</summary>
    public required string ProviderMessageId { get; init; }
    /// <summary>The thread a new conversation is known by on the channel, so the thread's next message finds it.</summary>
    public required string ThreadId { get; init; }
    /// <summary>Provider ids the message answers (a mail's In-Reply-To and References), nearest first.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];
    /// <summary>A conversation number the customer quoted (the "[#123]" in a mail's subject).</summary>
    public long? ConversationTag { get; init; }
    public required CustomerFacts Customer { get; init; }
    /// <summary>The order the message is about, whose customer the sender is if nothing else says who they are.</summary>
    public string? OrderExternalId { get; init; }
    /// <summary>Where replies go: the mail address, PSID or marketplace buyer.</summary>
    public required string ContactAddress { get; init; }
    public string Subject { get; init; } = "";
    public required string Body { get; init; }
    public string? Quoted { get; init; }
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    /// <summary>Sent by a machine (RFC 3834): nothing answers it automatically.</summary>
    public bool Automatic { get; init; }
    /// <summary>A mail's Reply-To other than its sender, kept for the agent to see.</summary>
    public string? ReplyTo { get; init; }
    /// <summary>
    /// For mail, what the relay proved of the sender (<see cref="Channels.Email.MailAuthentication"/>): the sender
    /// must then be the conversation's customer to join it. Null where the channel itself is the proof (Messenger, marketplaces).
    /// </summary>
    public string? SenderProof { get; init; }
}

public sealed record IngestedMessage(long ConversationId, long MessageId, bool Duplicate);

/// <summary>
/// The one intake for every channel: drop what was delivered before, find the thread (what the
/// message answers, then the conversation tag, then the thread id) or the customer and start a
/// conversation, then store the message like any other. The queue, priority and automatic replies
/// follow from the message. A mail joins a thread only when its sender is the thread's customer
/// and the relay did not report failing authentication; one that names somebody else's thread
/// starts its own, with a note saying which thread it named.
/// </summary>
public sealed record IngestInboundMessage(InboundMessage Message) : IRequest<IngestedMessage>;

public sealed class IngestInboundMessageHandler(
    HelpdeskDbContext db, WriteQueue writes, MessageWriter writer, ConversationLifecycle lifecycle, Reports.ReportRecorder reports, CustomerResolver customers,
    IMediator mediator, TimeProvider time)
    : IRequestHandler<IngestInboundMessage, IngestedMessage>
{
    public async Task<IngestedMessage> Handle(IngestInboundMessage request, CancellationToken ct)
    {
        var m = Cleaned(request.Message);
        var earlier = await db.Messages.AsNoTracking()
            .Where(x => x.ChannelId == m.ChannelId && x.ProviderMessageId == m.ProviderMessageId)
            .Select(x => new { x.Id, x.ConversationId }).FirstOrDefaultAsync(ct);
        if (earlier is not null) return new IngestedMessage(earlier.ConversationId, earlier.Id, Duplicate: true);

        var (own, named) = await FindAsync(db, m);
        var message = new NewMessage
        {
            ConversationId = own,
            Sender = Senders.Customer,
            Body = m.Body,
            Quoted = m.Quoted,
            Attachments = m.Attachments,
            ProviderMessageId = m.ProviderMessageId,
            ReplyTo = m.ReplyTo,
            SenderProof = m.SenderProof,
        };
        // A new conversation is started in the same write-queue operation as its first message: one
        // at a time, so two mails of a new thread arriving together make one conversation, and the
        // conversation is never committed empty.
        var stored = own is not null
            ? await writer.AppendAsync(message, CancellationToken.None) // once queued it will be stored: announce it even if the sender has gone
            : await writes.RunAsync(async q =>
            {
                var (id, opened) = await StartAsync(q, m);
                var first = await writer.StoreAsync(q, message with { ConversationId = id });
                return opened.Count == 0 ? first : first with { Events = [.. opened, .. first.Events] };
            });
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored, FromMachine: m.Automatic), CancellationToken.None);
        // The mail is stored and announced: its note must follow, since a resend is a duplicate and adds nothing.
        if (stored.IsNew && named is { } other)
            await writer.AppendAsync(new NewMessage
            {
                ConversationId = stored.Message.ConversationId, Sender = Senders.System, AuthorName = "Mail", IsPrivate = true,
                Body = m.SenderProof == Channels.Email.MailAuthentication.Unproven
                    ? $"This mail refers to conversation #{other}; its sender could not be proven, so it was not added there."
                    : $"This mail refers to conversation #{other}, which belongs to another customer; it was not added there.",
            }, CancellationToken.None, waitForRoom: true);
        return new IngestedMessage(stored.Message.ConversationId, stored.Message.Id, Duplicate: !stored.IsNew);
    }

    /// <summary>What the agent will read, unable to hide or reorder text; every channel's message comes through here.</summary>
    private static InboundMessage Cleaned(InboundMessage m)
    {
        foreach (var file in m.Attachments) file.FileName = SafeText.Name(file.FileName)!;
        return m with
        {
            Subject = SafeText.Name(m.Subject)!,
            Body = SafeText.Body(m.Body),
            Quoted = m.Quoted is null ? null : SafeText.Body(m.Quoted),
        };
    }

    /// <summary>
    /// The conversation the message continues (what it answers, then its tag, then its thread), and
    /// when it may not join the one it names, that one's id for the agents to see.
    /// </summary>
    private static async Task<(long? Own, long? Named)> FindAsync(HelpdeskDbContext q, InboundMessage m)
    {
        var candidates = new List<long>();
        if (m.Answers.Count > 0)
        {
            var answers = m.Answers.Take(50).ToList();
            var answered = await q.Messages.Where(x => x.ChannelId == m.ChannelId && answers.Contains(x.ProviderMessageId!))
                .Select(x => new { x.ProviderMessageId, x.ConversationId }).ToListAsync();
            var started = await q.Conversations.Where(c => c.ChannelId == m.ChannelId && answers.Contains(c.ThreadId!))
                .Select(c => new { ProviderMessageId = c.ThreadId, ConversationId = c.Id }).ToListAsync();
            var byId = answered.Concat(started).GroupBy(x => x.ProviderMessageId!).ToDictionary(g => g.Key, g => g.First().ConversationId);
            // The nearest message answered comes first: In-Reply-To, then References from the newest back.
            foreach (var id in answers)
                if (byId.TryGetValue(id, out var hit)) candidates.Add(hit);
        }
        if (m.ConversationTag is { } tag
            && await q.Conversations.Where(c => c.Id == tag && c.ChannelId == m.ChannelId).Select(c => (long?)c.Id).FirstOrDefaultAsync() is { } tagged)
            candidates.Add(tagged);
        if (await ThreadAsync(q, m) is { } thread) candidates.Add(thread);
        if (candidates.Count == 0) return (null, null);
        if (m.SenderProof is null) return (candidates[0], null);

        // Mail: only the thread's own customer writes into it, and only when the relay did not report a failing proof.
        long? sender = m.SenderProof == Channels.Email.MailAuthentication.Unproven || m.Customer.Email?.Trim().ToLowerInvariant() is not { } email
            ? null
            : await q.CustomerIdentities.Where(i => i.Kind == IdentityKinds.Email && i.Value == email).Select(i => (long?)i.CustomerId).FirstOrDefaultAsync();
        var ids = candidates.Distinct().ToList();
        var owners = await q.Conversations.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.CustomerId }).ToDictionaryAsync(c => c.Id, c => c.CustomerId);
        foreach (var id in ids)
            if (sender is not null && owners[id] == sender) return (id, null);
        return (null, ids[0]);
    }

    private static Task<long?> ThreadAsync(HelpdeskDbContext q, InboundMessage m) =>
        q.Conversations.Where(c => c.ChannelId == m.ChannelId && c.ThreadId == m.ThreadId).Select(c => (long?)c.Id).FirstOrDefaultAsync();

    private async Task<(long Id, IReadOnlyList<ConversationEvent> Opened)> StartAsync(HelpdeskDbContext q, InboundMessage m)
    {
        // Started meanwhile by the thread's other message.
        if (await ThreadAsync(q, m) is { } thread) return (thread, []);

        long? orderCustomer = m.OrderExternalId is { Length: > 0 } orderId
            ? await q.Orders.Where(o => o.ExternalId == orderId).OrderBy(o => o.Id).Select(o => (long?)o.CustomerId).FirstOrDefaultAsync()
            : null;
        var customer = await customers.ResolveAsync(q, m.Customer, fallback: orderCustomer,
            claimOnly: m.SenderProof == Channels.Email.MailAuthentication.Unproven);
        if (customer.Id == 0) await q.SaveChangesAsync();

        var now = time.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            ChannelId = m.ChannelId, CustomerId = customer.Id, Subject = m.Subject.Length <= 300 ? m.Subject : m.Subject[..300],
            ThreadId = m.ThreadId, ContactAddress = m.ContactAddress,
            CustomerVerified = m.SenderProof != Channels.Email.MailAuthentication.Unproven,
        };
        var kind = await q.Channels.Where(c => c.Id == m.ChannelId).Select(c => c.Kind).FirstAsync();
        var opened = lifecycle.Start(conversation, kind, PriorityFacts.Of(customer), now);
        q.Conversations.Add(conversation);
        await q.SaveChangesAsync();
        await reports.RecordAsync(q, conversation, opened);
        return (conversation.Id, opened);
    }
}

public static class InboundLimits
{
    /// <summary>The longest text a Messenger or marketplace message may carry.</summary>
    public const int MaxTextChars = 20_000;
}
