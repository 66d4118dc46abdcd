using System.Threading.RateLimiting;
using Helpdesk.Features.Agents;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// The one place where hub calls are limited: every call of both hubs counts against its caller
/// (visitor or agent) and against the address it connected from. A caller over a limit gets a
/// HubException and keeps its connection. Connecting is limited before the hub, as HTTP
/// (<see cref="RateLimitPolicies.Hubs"/>), so a refused connection is a 429 the client can retry,
/// not a closed connection and a logged error.
/// <para>
/// A caller that goes on calling after it was refused (more than <see cref="RefusalsPerMinute"/>
/// refusals a minute) hears its further refusals only after <see cref="RefusalPause"/>. A connection's
/// calls are handled one at a time, so a script calling in a loop, or sending without waiting, is
/// slowed to about one call per pause instead of costing the server a refusal as fast as it can send.
/// An honest client a little over a limit (fast typing) is refused at once, so its next message is
/// not held up behind a pause.
/// </para>
/// </summary>
public sealed class HubRateLimitFilter(IOptions<RateLimitOptions> options) : IHubFilter, IDisposable
{
    public static readonly TimeSpan RefusalPause = TimeSpan.FromSeconds(1);
    public const int RefusalsPerMinute = 20;

    private enum Kind { Message, Typing, Other }

    private readonly PartitionedRateLimiter<(Kind Kind, string Caller)> _perCaller =
        PartitionedRateLimiter.Create<(Kind Kind, string Caller), (Kind, string)>(key => key.Kind switch
        {
            Kind.Message => RateLimitPolicies.PerMinute(key, options.Value.VisitorMessagesPerMinute),
            Kind.Typing => RateLimitPolicies.PerMinute(key, options.Value.TypingPerMinute),
            _ => RateLimitPolicies.PerMinute(key, options.Value.HubCallsPerMinute),
        });

    private readonly PartitionedRateLimiter<string> _perAddress = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPolicies.PerMinute(address, options.Value.HubCallsPerAddressPerMinute));

    private readonly PartitionedRateLimiter<string> _refusals = PartitionedRateLimiter.Create<string, string>(
        caller => RateLimitPolicies.PerMinute(caller, RefusalsPerMinute));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var kind = context.HubMethodName switch
        {
            nameof(WidgetHub.SendMessage) when context.Hub is WidgetHub => Kind.Message,
            nameof(WidgetHub.Typing) or nameof(InboxHub.TypingNote) => Kind.Typing,
            _ => Kind.Other,
        };
        var caller = Caller(context);
        var refusal = Take(_perCaller, (kind, caller), kind switch
        {
            Kind.Message => "Too many messages; please wait a moment before sending more.",
            Kind.Typing => "Too many typing signals; please slow down.",
            _ => $"Too many {context.HubMethodName} calls; please wait a moment.",
        }) ?? Take(_perAddress, Address(context.Context), "Too many requests from your network; please wait a moment.");
        if (refusal is null) return await next(context);

        if (Take(_refusals, caller, refusal) is not null)
            // Wall-clock time, like the limiters' own buckets: it paces a client on the network, whatever a test does to the app's clock.
            await Task.Delay(RefusalPause, context.Context.ConnectionAborted);
        throw new HubException(refusal);
    }

    private static string? Take<TKey>(PartitionedRateLimiter<TKey> limiter, TKey key, string refusal)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : refusal;
    }

    private static string Caller(HubInvocationContext context) =>
        context.Hub is WidgetHub ? $"visitor:{context.Context.User!.VisitorId()}" : $"agent:{context.Context.User!.AgentId()}";

    /// <summary>Worked out once per connection: the address cannot change while it is open.</summary>
    private static string Address(HubCallerContext context)
    {
        if (context.Items.TryGetValue(typeof(ClientAddress), out var known)) return (string)known!;
        var address = ClientAddress.Of(context.GetHttpContext());
        context.Items[typeof(ClientAddress)] = address;
        return address;
    }

    public void Dispose()
    {
        _perCaller.Dispose();
        _refusals.Dispose();
        _perAddress.Dispose();
    }
}
