using System.Net;
using Helpdesk.Features.Agents;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Web;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Agents;

public sealed class SignInThrottleTests
{
    private static SignInThrottle Throttle(FakeTimeProvider time, int capacity) => new(
        Options.Create(new RateLimitOptions { SignInFreeFailures = 1, SignInAddressFailures = 1000, SignInTrackedEntries = capacity }), time);

    [Fact]
    public void A_flood_of_made_up_accounts_and_addresses_does_not_grow_the_memory_past_its_cap()
    {
        var throttle = Throttle(new FakeTimeProvider(), capacity: 100);
        for (var i = 0; i < 5000; i++)
        {
            var (account, address) = ($"user{i}@shop.example", IPAddress.Parse($"10.0.{i / 250}.{i % 250}"));
            throttle.Begin(account, address);
            throttle.Failed(address);
        }
        Assert.True(throttle.TrackedEntries <= 100, $"{throttle.TrackedEntries} entries");
    }

    [Fact]
    public void Addresses_of_one_IPv6_network_count_as_one()
    {
        var throttle = Throttle(new FakeTimeProvider(), capacity: 100);
        throttle.Begin("admin@example.com", IPAddress.Parse("2001:db8:1:2::1"));
        throttle.Failed(IPAddress.Parse("2001:db8:1:2::1"));
        Assert.NotNull(throttle.WaitFor("admin@example.com", IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Null(throttle.WaitFor("admin@example.com", IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void Guesses_sent_all_at_once_are_let_through_one_at_a_time()
    {
        var throttle = Throttle(new FakeTimeProvider(), capacity: 100);
        var address = IPAddress.Parse("203.0.113.50");
        // The first attempt is still being checked when the second arrives: it already counts.
        throttle.Begin("admin@example.com", address);
        Assert.Throws<TooManyRequestsException>(() => throttle.Begin("admin@example.com", address));
    }

    [Fact]
    public void A_success_is_not_counted_as_a_failure()
    {
        var throttle = Throttle(new FakeTimeProvider(), capacity: 100);
        var address = IPAddress.Parse("203.0.113.51");
        for (var i = 0; i < 5; i++)
        {
            throttle.Begin("admin@example.com", address);
            throttle.Succeeded("admin@example.com", address);
        }
        Assert.Null(throttle.WaitFor("admin@example.com", address));
    }
}
