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
/// </summary>
public sealed class HubRateLimitFilter(IOptions<RateLimitOptions> options) : IHubFilter, IDisposable
{
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

    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var kind = context.HubMethodName switch
        {
            nameof(WidgetHub.SendMessage) when context.Hub is WidgetHub => Kind.Message,
            nameof(WidgetHub.Typing) => Kind.Typing,
            _ => Kind.Other,
        };
        Take(_perCaller, (kind, Caller(context)), kind switch
        {
            Kind.Message => "Too many messages; please wait a moment before sending more.",
            Kind.Typing => "Too many typing signals; please slow down.",
            _ => $"Too many {context.HubMethodName} calls; please wait a moment.",
        });
        Take(_perAddress, Address(context.Context), "Too many requests from your network; please wait a moment.");
        return next(context);
    }

    private static void Take<TKey>(PartitionedRateLimiter<TKey> limiter, TKey key, string refusal)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired) throw new TooManyRequestsException(refusal);
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
        _perAddress.Dispose();
    }
}
