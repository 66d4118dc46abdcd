using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Outbox;

public sealed record DeliveryEvent(long MessageId, long ConversationId, DeliveryDto Delivery);

/// <summary>
/// Delivers the outbox. Each node claims due rows with one atomic UPDATE, so two nodes never send
/// the same message; a claim is a lease, so the rows of a node that died are picked up again. On
/// shutdown the messages being sent are finished before the node stops. Failures are retried with
/// exponential backoff until <see cref="OutboxOptions.MaxAttempts"/>; agents see every step. Its
/// writes go through the write queue like every other; an empty outbox costs one read per poll.
/// </summary>
public sealed class OutboxDelivery(
    IServiceScopeFactory scopes, WriteQueue writes, IEnumerable<IOutboundChannel> channels, OutboxSignal signal, IOptions<OutboxOptions> options,
    IHubContext<InboxHub, IInboxClient> inbox, TimeProvider time, ILogger<OutboxDelivery> log)
    : BackgroundService
{
    /// <summary>Messenger cannot tell a resend from a new message, so an interrupted send waits for an agent.</summary>
    public const string Interrupted =
        "Sending was interrupted, so it may or may not have reached the customer. Retry to send it again.";

    private readonly string _node = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private readonly Dictionary<string, IOutboundChannel> _byKind = channels.ToDictionary(c => c.Kind);

    private sealed record Claimed(long Id, long MessageId, long ConversationId, long ChannelId, int Attempts);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        return signal.LoopAsync(async () =>
        {
            if (!await DueAsync()) return false;
            await RecoverAsync();
            var claimed = await ClaimAsync(o.Parallelism, TimeSpan.FromSeconds(o.LeaseSeconds));
            await Task.WhenAll(claimed.Select(DeliverAsync));
            return claimed.Count > 0;
        }, TimeSpan.FromMilliseconds(o.PollMilliseconds), log, stoppingToken);
    }

    /// <summary>Whether anything is due or was left mid-send: a read, so an idle outbox never takes the writer.</summary>
    private async Task<bool> DueAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        return await db.Outbox.AnyAsync(o => o.Status == DeliveryStatuses.Queued && o.NextAttemptAt <= now)
            || await db.Outbox.AnyAsync(o => o.Status == DeliveryStatuses.Sending && o.LockedUntil <= now);
    }

    private async Task<List<Claimed>> ClaimAsync(int count, TimeSpan lease)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Several nodes may claim at once (PostgreSQL): rows another is claiming are skipped, and the
        // condition is checked again on the row itself, so a row is never claimed twice.
        var claimed = await writes.RunAsync(db => db.QueryAsync(
            $"""
            UPDATE Outbox SET Status = $p4, LockedBy = $p0, LockedUntil = $p1, Attempts = Attempts + 1
            WHERE Id IN (SELECT Id FROM Outbox WHERE Status = $p5 AND NextAttemptAt <= $p2 ORDER BY NextAttemptAt, Id LIMIT $p3 {RawSql.SkipLocked})
              AND Status = $p5 AND NextAttemptAt <= $p2
            RETURNING Id, MessageId, ConversationId, ChannelId, Attempts
            """,
            r => new Claimed(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4)),
            _node, now + lease, now, count, DeliveryStatuses.Sending, DeliveryStatuses.Queued), waitForRoom: true);
        foreach (var c in claimed)
            await AnnounceAsync(c.MessageId, c.ConversationId, new DeliveryDto(DeliveryStatuses.Sending, null, c.Attempts, null));
        return claimed;
    }

    /// <summary>
    /// Rows whose sender died mid-send. Mail and marketplace replies go again under the same
    /// Message-ID / messageId, which lets the receiver recognise a repeat; Messenger's would arrive twice.
    /// </summary>
    private async Task RecoverAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var recovered = await writes.RunAsync(db => db.QueryAsync(
            """
            UPDATE Outbox SET
                Status = CASE WHEN ChannelId IN (SELECT Id FROM Channels WHERE Kind = $p2) THEN $p3 ELSE $p4 END,
                LastError = CASE WHEN ChannelId IN (SELECT Id FROM Channels WHERE Kind = $p2) THEN $p1 ELSE LastError END,
                NextAttemptAt = $p0, LockedBy = NULL, LockedUntil = NULL
            WHERE Status = $p5 AND LockedUntil <= $p0
            RETURNING MessageId, ConversationId, Status, LastError, Attempts
            """,
            r => (MessageId: r.GetInt64(0), ConversationId: r.GetInt64(1),
                Delivery: new DeliveryDto(r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(4), now)),
            now, Interrupted, ChannelKinds.Messenger, DeliveryStatuses.Failed, DeliveryStatuses.Queued, DeliveryStatuses.Sending),
            waitForRoom: true);
        foreach (var (messageId, conversationId, delivery) in recovered)
        {
            log.LogWarning("Outbox message {MessageId} was left mid-send by a stopped node; now {Status}", messageId, delivery.Status);
            await AnnounceAsync(messageId, conversationId, delivery);
        }
    }

    private async Task DeliverAsync(Claimed c)
    {
        var o = options.Value;
        string? providerId = null;
        DeliveryException? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var message = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == c.MessageId);
            var conversation = await db.Conversations.AsNoTracking().FirstAsync(x => x.Id == c.ConversationId);
            var channel = await db.Channels.AsNoTracking().FirstAsync(x => x.Id == c.ChannelId);
            if (!_byKind.TryGetValue(channel.Kind, out var sender))
                throw new DeliveryException($"A {channel.Kind} channel cannot send messages.", permanent: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(10, o.LeaseSeconds / 2)));
            providerId = await sender.SendAsync(new Outgoing(message, conversation, channel, c.Attempts, db), timeout.Token);
        }
        catch (DeliveryException e)
        {
            failure = e;
        }
        catch (OperationCanceledException e)
        {
            failure = new DeliveryException("The remote did not answer in time.", inner: e);
        }
        catch (Exception e)
        {
            log.LogError(e, "Delivering outbox message {MessageId} failed unexpectedly", c.MessageId);
            failure = new DeliveryException("Sending failed unexpectedly: " + e.Message, inner: e);
        }

        var now = time.GetUtcNow().UtcDateTime;
        DeliveryDto delivery;
        if (failure is null)
        {
            delivery = new DeliveryDto(DeliveryStatuses.Sent, null, c.Attempts, null);
            // The provider's id lets a customer's answer find the message; one another message holds already is left out.
            await writes.RunAsync(async db =>
            {
                await db.ExecuteAsync(
                    "UPDATE Outbox SET Status = $p2, SentAt = $p1, LastError = NULL, LockedBy = NULL, LockedUntil = NULL WHERE Id = $p0",
                    c.Id, now, DeliveryStatuses.Sent);
                // The channel's health line: written at most every few seconds however busy the channel is.
                await db.ExecuteAsync(
                    "UPDATE Channels SET LastDeliveredAt = $p1 WHERE Id = $p0 AND (LastDeliveredAt IS NULL OR LastDeliveredAt < $p2)",
                    c.ChannelId, now, now - ChannelHealth.Resolution);
                if (providerId is null) return 0;
                return await db.ExecuteAsync(
                    """
                    UPDATE Messages SET ProviderMessageId = $p0
                    WHERE Id = $p1 AND ProviderMessageId IS NULL
                      AND NOT EXISTS (SELECT 1 FROM Messages other WHERE other.ChannelId = Messages.ChannelId AND other.ProviderMessageId = $p0)
                    """, providerId, c.MessageId);
            }, waitForRoom: true);
        }
        else
        {
            var reason = failure.Message.Length <= 500 ? failure.Message : failure.Message[..500];
            var giveUp = failure.Permanent || c.Attempts >= o.MaxAttempts;
            var next = giveUp ? now : now + Backoff(c.Attempts, o);
            delivery = new DeliveryDto(giveUp ? DeliveryStatuses.Failed : DeliveryStatuses.Queued, reason, c.Attempts, giveUp ? null : next);
            log.LogWarning("Outbox message {MessageId}, attempt {Attempt}: {Reason}; {Outcome}",
                c.MessageId, c.Attempts, reason, giveUp ? "given up" : $"retrying at {next:O}");
            await writes.RunAsync(async db =>
            {
                await db.ExecuteAsync(
                    """
                    UPDATE Outbox SET Status = $p1, LastError = $p2, NextAttemptAt = $p3, LockedBy = NULL, LockedUntil = NULL WHERE Id = $p0
                    """, c.Id, delivery.Status, reason, next);
                return await db.ExecuteAsync("UPDATE Channels SET LastDeliveryErrorAt = $p1, LastDeliveryError = $p2 WHERE Id = $p0",
                    c.ChannelId, now, ChannelHealth.ShortError(reason));
            }, waitForRoom: true);
        }
        await AnnounceAsync(c.MessageId, c.ConversationId, delivery);
    }

    /// <summary>30 s, 1 min, 2 min, … up to the cap, spread by a tenth so a recovered remote is not hit all at once.</summary>
    public static TimeSpan Backoff(int attempts, OutboxOptions o)
    {
        var seconds = Math.Min(o.FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1)), o.MaxRetrySeconds);
        return TimeSpan.FromSeconds(seconds * (1 + Random.Shared.NextDouble() * 0.1));
    }

    private async Task AnnounceAsync(long messageId, long conversationId, DeliveryDto delivery)
    {
        try
        {
            await inbox.Clients.Group(HubGroups.Agents).MessageDelivery(new DeliveryEvent(messageId, conversationId, delivery));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Announcing the delivery of message {MessageId} failed", messageId);
        }
    }
}
