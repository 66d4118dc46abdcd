using System.Net;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Web;
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

    /// <summary>The wait given to an address whose attempts under way already reach its block.</summary>
    private static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(1);

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
        lock (_gate) return Wait(account, ClientAddress.Key(address), time.GetUtcNow());
    }

    /// <summary>
    /// Lets an attempt through, or refuses it with 429 while this address must wait. The attempt is
    /// counted as a failure before the password is checked, so that guesses sent all at once cannot
    /// slip through before the first of them is recorded; <see cref="Succeeded"/> takes it back.
    /// </summary>
    public void Begin(string account, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var network = ClientAddress.Key(address);
        var block = TimeSpan.FromMinutes(options.Value.SignInAddressBlockMinutes);
        lock (_gate)
        {
            if (Wait(account, network, now) is { } wait)
                throw new TooManyRequestsException("Too many failed sign-ins; try again later.", (int)Math.Ceiling(wait.TotalSeconds));
            var pair = Get(PairKey(account, network), now);
            pair.Failures++;
            pair.LastFailure = now;
            var a = Get(AddressKey(network), now);
            // Failures spread thinner than the block time start the count again.
            if (now - a.LastFailure > block) a.Failures = 0;
            a.Failures++;
            a.LastFailure = now;
        }
    }

    /// <summary>The attempt begun failed: an address that has failed too often across accounts is blocked for a while.</summary>
    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        lock (_gate)
        {
            if (_entries.TryGetValue(AddressKey(ClientAddress.Key(address)), out var a) && a.Failures >= o.SignInAddressFailures)
            {
                a.BlockedUntil = now + TimeSpan.FromMinutes(o.SignInAddressBlockMinutes);
                a.Failures = 0;
            }
        }
    }

    /// <summary>The attempt begun succeeded: this account's failures from this address are forgotten, and the attempt is not one.</summary>
    public void Succeeded(string account, IPAddress? address)
    {
        var network = ClientAddress.Key(address);
        lock (_gate)
        {
            _entries.Remove(PairKey(account, network));
            if (_entries.TryGetValue(AddressKey(network), out var a) && a.Failures > 0) a.Failures--;
        }
    }

    private TimeSpan? Wait(string account, string network, DateTimeOffset now)
    {
        var o = options.Value;
        var until = DateTimeOffset.MinValue;
        if (_entries.TryGetValue(AddressKey(network), out var a))
        {
            until = a.BlockedUntil;
            // Attempts still being checked count too, so an address never has more under way than its block allows.
            if (a.Failures >= o.SignInAddressFailures && now - a.LastFailure <= TimeSpan.FromMinutes(o.SignInAddressBlockMinutes)
                && until < now + InFlightWait)
                until = now + InFlightWait;
        }
        if (_entries.TryGetValue(PairKey(account, network), out var p) && p.Failures >= o.SignInFreeFailures)
        {
            var next = p.LastFailure + Delay(p.Failures, o);
            if (next > until) until = next;
        }
        return until > now ? until - now : null;
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
}
