using System.Threading.RateLimiting;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Chat;

/// <summary>Messages per visitor: a token bucket each, refilled evenly over a minute.</summary>
public sealed class VisitorMessageLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter = PartitionedRateLimiter.Create<long, long>(
        visitorId => RateLimitPartition.GetTokenBucketLimiter(visitorId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.VisitorMessagesPerMinute,
            TokensPerPeriod = Math.Max(1, options.Value.VisitorMessagesPerMinute / 12),
            ReplenishmentPeriod = TimeSpan.FromSeconds(5),
            QueueLimit = 0,
            // The partitioned limiter replenishes every bucket from one timer of its own.
            AutoReplenishment = false,
        }));

    public void Take(long visitorId)
    {
        using var lease = _limiter.AttemptAcquire(visitorId);
        if (!lease.IsAcquired)
            throw new TooManyRequestsException("Too many messages; please wait a moment before sending more.");
    }

    public void Dispose() => _limiter.Dispose();
}
