using System.Net;
using System.Net.Sockets;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Agents;

/// <summary>
/// Slows password guessing down without handing a stranger a way to lock an agent out. Failures are
/// counted per account and client address: after a few, each further attempt from that address must
/// wait twice as long as the last (up to a cap), whatever the password. An address that fails across
/// many accounts is blocked for a while. The owner signing in from anywhere else is not affected.
/// <para>
/// Kept in this node's memory: with several nodes behind a load balancer each counts on its own, so a
/// guesser gets at most one allowance per node. The memory is bounded; when full, the oldest failures
/// are forgotten first. IPv6 addresses count per /64 network, since one machine usually holds all of one.
/// </para>
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options, TimeProvider time)
{
    /// <summary>How long failures to one account from one address are remembered.</summary>
    private static readonly TimeSpan Memory = TimeSpan.FromDays(1);

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset BlockedUntil;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = [];

    public int TrackedEntries
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>How long this address must wait before trying this account again; null when it may try now.</summary>
    public TimeSpan? WaitFor(string account, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var network = Network(address);
        var o = options.Value;
        lock (_gate)
        {
            var until = DateTimeOffset.MinValue;
            if (_entries.TryGetValue(AddressKey(network), out var a)) until = a.BlockedUntil;
            if (_entries.TryGetValue(PairKey(account, network), out var p) && p.Failures >= o.SignInFreeFailures)
            {
                var next = p.LastFailure + Delay(p.Failures, o);
                if (next > until) until = next;
            }
            return until > now ? until - now : null;
        }
    }

    public void ThrowIfWaiting(string account, IPAddress? address)
    {
        if (WaitFor(account, address) is { } wait)
            throw new TooManyRequestsException("Too many failed sign-ins; try again later.", (int)Math.Ceiling(wait.TotalSeconds));
    }

    public void Failed(string account, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var network = Network(address);
        var o = options.Value;
        var block = TimeSpan.FromMinutes(o.SignInAddressBlockMinutes);
        lock (_gate)
        {
            var pair = Get(PairKey(account, network), now);
            pair.Failures++;
            pair.LastFailure = now;

            var a = Get(AddressKey(network), now);
            // Failures spread thinner than the block time start the count again.
            if (now - a.LastFailure > block) a.Failures = 0;
            a.Failures++;
            a.LastFailure = now;
            if (a.Failures >= o.SignInAddressFailures)
            {
                a.BlockedUntil = now + block;
                a.Failures = 0;
            }
        }
    }

    public void Succeeded(string account, IPAddress? address)
    {
        lock (_gate) _entries.Remove(PairKey(account, Network(address)));
    }

    /// <summary>2, 4, 8… seconds once the free failures are used up, never more than the cap.</summary>
    internal static TimeSpan Delay(int failures, RateLimitOptions o)
    {
        var doublings = Math.Min(failures - o.SignInFreeFailures + 1, 30);
        return TimeSpan.FromSeconds(Math.Min(1L << doublings, o.SignInMaxDelaySeconds));
    }

    private Entry Get(string key, DateTimeOffset now)
    {
        if (_entries.TryGetValue(key, out var entry)) return entry;
        if (_entries.Count >= options.Value.SignInTrackedEntries) MakeRoom(now);
        return _entries[key] = new Entry();
    }

    /// <summary>Drops what no longer matters, and if that is not enough the oldest tenth, so a flood costs one sort per many entries.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        var block = TimeSpan.FromMinutes(options.Value.SignInAddressBlockMinutes);
        foreach (var (key, e) in _entries)
            if (e.BlockedUntil <= now && now - e.LastFailure > (key[0] == 'a' ? block : Memory)) _entries.Remove(key);
        var capacity = options.Value.SignInTrackedEntries;
        if (_entries.Count < capacity) return;
        foreach (var key in _entries.OrderBy(e => e.Value.LastFailure).Take(_entries.Count - capacity * 9 / 10).Select(e => e.Key).ToList())
            _entries.Remove(key);
    }

    private static string AddressKey(string network) => "a|" + network;
    private static string PairKey(string account, string network) => "p|" + network + "|" + account;

    private static string Network(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
