using System.Collections.Concurrent;
using System.Globalization;
using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Nodes;

namespace Helpdesk.Features.BusinessHours;

/// <summary>
/// A customer who writes while their channel is closed hears at once when we are back: the
/// after-hours canned response in their language, once per conversation and closed period. It
/// goes into the conversation like any reply, so it leaves through the conversation's own channel.
/// </summary>
public sealed class SendAfterHoursReply(
    ChannelSchedules schedules, AfterHoursReplies replied, HelpdeskDbContext db, TemplateValues values, MessageWriter writer,
    IMediator mediator, ILogger<SendAfterHoursReply> log)
    : INotificationHandler<MessageAdded>, INotificationHandler<MessageResent>
{
    public Task Handle(MessageAdded n, CancellationToken ct) => n.FromMachine ? Task.CompletedTask : ReplyAsync(n.Stored.Message, ct);

    /// <summary>A resend's reply may have been cut off by a crash after its first commit; one already stored is not sent again.</summary>
    public Task Handle(MessageResent n, CancellationToken ct) => ReplyAsync(n.Stored.Message, ct);

    private async Task ReplyAsync(Message message, CancellationToken ct)
    {
        if (message.Sender != Senders.Customer || message.IsPrivate) return;
        var schedule = await schedules.ForChannelAsync(message.ChannelId, ct);
        var hours = schedule.StatusAt(message.CreatedAt);
        if (hours.Open) return;

        // The closed period is named by its reopening; the writer stores one message per key and conversation.
        var reopens = hours.NextOpenAt;
        var key = "after-hours:" + (reopens?.ToString("yyyyMMddTHHmmZ", CultureInfo.InvariantCulture) ?? "indefinitely");
        var conversationId = message.ConversationId;
        if (await replied.KnowsAsync(conversationId, key)) return;
        if (await db.Messages.AnyAsync(m => m.ConversationId == conversationId && m.Sender == Senders.Auto && m.ClientMessageId == key, ct))
        {
            await replied.RememberAsync(conversationId, key);
            return;
        }

        var context = await values.ForConversationAsync(conversationId, ct);
        if (context is null) return;
        var texts = await db.CannedResponses.AsNoTracking().Where(c => c.Purpose == Purposes.AfterHours).ToListAsync(ct);
        var text = Languages.Pick(texts, t => t.Locale, context.CustomerLocale, context.ChannelLanguage);
        if (text is null)
        {
            log.LogWarning("Conversation {ConversationId} got no after-hours reply: no after-hours canned response exists in the customer's language, the channel's or English", conversationId);
            return;
        }

        var body = Template.Render(text.Body, await values.ForAsync(context, text.Locale, agentName: null, ct));
        var stored = await writer.AppendAsync(new NewMessage
        {
            ConversationId = conversationId, Sender = Senders.Auto, Body = body, ClientMessageId = key,
        }, CancellationToken.None);
        await replied.RememberAsync(conversationId, key);
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
    }
}

/// <summary>
/// Which conversations already have the current closed period's reply, so that a customer who keeps
/// writing at night costs no query per message: this node's memory, and with Redis every node's.
/// The database stays the judge.
/// </summary>
public sealed class AfterHoursReplies(Nodes nodes)
{
    private const int MaxRemembered = 100_000;
    /// <summary>Longer than any closed period worth remembering; a later message asks the database again.</summary>
    private static readonly TimeSpan SharedFor = TimeSpan.FromDays(3);
    private readonly ConcurrentDictionary<long, string> _lastKey = new();

    public async ValueTask<bool> KnowsAsync(long conversationId, string key)
    {
        if (_lastKey.TryGetValue(conversationId, out var last) && last == key) return true;
        if (!nodes.Shared) return false;
        var shared = await nodes.TryAsync(async db => (string?)await db.StringGetAsync(SharedKey(conversationId)), null, "reading the after-hours replies");
        if (shared != key) return false;
        Remember(conversationId, key);
        return true;
    }

    public async ValueTask RememberAsync(long conversationId, string key)
    {
        Remember(conversationId, key);
        if (nodes.Shared)
            await nodes.TryAsync(db => db.StringSetAsync(SharedKey(conversationId), key, SharedFor), false, "sharing an after-hours reply");
    }

    private void Remember(long conversationId, string key)
    {
        if (_lastKey.Count >= MaxRemembered) _lastKey.Clear();
        _lastKey[conversationId] = key;
    }

    private StackExchange.Redis.RedisKey SharedKey(long conversationId) => nodes.Key("after-hours:" + conversationId);
}
