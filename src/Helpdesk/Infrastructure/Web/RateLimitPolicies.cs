using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Web;

/// <summary>The per-address limits of the anonymous endpoints, each configured under RateLimits.</summary>
public static class RateLimitPolicies
{
    /// <summary>Widget sessions: started, continued and ended.</summary>
    public const string WidgetSessions = "widget-sessions";
    /// <summary>Shops' systems and providers (order API, webhooks): few addresses, many requests.</summary>
    public const string Webhooks = "webhooks";
    /// <summary>Sign-in attempts, whatever the account (the sign-in throttle slows each account down on top).</summary>
    public const string SignIn = "sign-in";
    /// <summary>Hub connections (negotiation, WebSocket and long-polling requests) of both hubs.</summary>
    public const string Hubs = "hubs";
    /// <summary>Pages and APIs opened by a link (surveys by token).</summary>
    public const string Public = "public";

    public static void AddHelpdeskPolicies(this RateLimiterOptions o)
    {
        o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        o.OnRejected = (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
            return ValueTask.CompletedTask;
        };
        o.AddPolicy(WidgetSessions, http => PerAddress(http, l => l.WidgetSessionsPerMinute));
        o.AddPolicy(Webhooks, http => PerAddress(http, l => l.WebhooksPerMinute));
        o.AddPolicy(Public, http => PerAddress(http, l => l.PublicPerMinute));
        o.AddPolicy(Hubs, http => PerAddress(http, l => l.HubCallsPerAddressPerMinute));
        o.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(http), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.SignInsPerMinute,
            Window = TimeSpan.FromMinutes(1),
        }));
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, Func<RateLimitOptions, int> perMinute)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return PerMinute(ClientAddress.Of(http), perMinute(limits));
    }

    /// <summary>
    /// A token bucket per key: a burst of the whole minute's allowance, refilled evenly. The partitioned
    /// limiter replenishes its buckets from one timer and drops those idle for a while, so the
    /// number of keys it holds stays bounded by the recent callers.
    /// </summary>
    public static RateLimitPartition<TKey> PerMinute<TKey>(TKey key, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(perMinute));

    private static TokenBucketRateLimiterOptions Bucket(int perMinute)
    {
        // The partitioned limiter's timer ticks every 100 ms: a shorter period would not refill faster.
        var period = TimeSpan.FromMilliseconds(Math.Max(100, 60_000.0 / perMinute));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = (int)Math.Max(1, Math.Round(perMinute * period.TotalMinutes)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }
}
