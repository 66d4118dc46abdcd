using System.Collections.Concurrent;

namespace Helpdesk.Features.Channels;

/// <summary>Why a webhook was refused, as the health line names it: a fixed word, so a caller cannot write there.</summary>
public static class RejectionReasons
{
    /// <summary>The signature was missing or did not match the channel's secret.</summary>
    public const string Signature = "signature";
    /// <summary>Meta's subscription handshake presented another verify token.</summary>
    public const string VerifyToken = "verify-token";
}

/// <summary>
/// Records when a channel last heard from outside, so that an admin setting it up sees whether the
/// shop's systems reach it and, when they are refused, why. A busy channel would otherwise write its
/// row with every message: a time is written at most once per <see cref="Resolution"/> per channel
/// (this node remembers what it wrote; the statement's condition covers other nodes), in the write
/// queue's next commit. The sender never waits for it, and a full queue drops it: a health line a
/// few seconds behind is no loss.
/// </summary>
public sealed class ChannelHealth(WriteQueue writes, TimeProvider time, ILogger<ChannelHealth> log)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(5);
    public const int MaxErrorChars = 300;

    private readonly ConcurrentDictionary<(long, string), DateTime> _written = new();

    public void Received(long channelId) => Record(channelId, "LastReceivedAt", null);

    public void Rejected(long channelId, string reason) => Record(channelId, "LastRejectedAt", reason);

    /// <summary>A delivery failure's reason as the health line keeps it.</summary>
    public static string ShortError(string reason) => reason.Length <= MaxErrorChars ? reason : reason[..(MaxErrorChars - 1)] + "…";

    private void Record(long channelId, string column, string? reason)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = (channelId, column);
        if (_written.TryGetValue(key, out var last) && now - last < Resolution) return;
        _written[key] = now;
        var sql = reason is null
            ? $"UPDATE Channels SET {column} = $p1 WHERE Id = $p0 AND ({column} IS NULL OR {column} < $p2)"
            : $"UPDATE Channels SET {column} = $p1, LastRejectedReason = $p3 WHERE Id = $p0 AND ({column} IS NULL OR {column} < $p2)";
        object?[] values = reason is null ? [channelId, now, now - Resolution] : [channelId, now, now - Resolution, reason];
        writes.RunAsync(db => db.ExecuteAsync(sql, values))
            .ContinueWith(t => log.LogWarning(t.Exception!.GetBaseException(), "The health of channel {ChannelId} was not recorded", channelId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
