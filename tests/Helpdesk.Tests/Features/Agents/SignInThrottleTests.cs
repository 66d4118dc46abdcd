using System.Net;
using Helpdesk.Features.Agents;
using Helpdesk.Infrastructure;
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
        for (var i = 0; i < 5000; i++) throttle.Failed($"user{i}@shop.example", IPAddress.Parse($"10.0.{i / 250}.{i % 250}"));
        Assert.True(throttle.TrackedEntries <= 100, $"{throttle.TrackedEntries} entries");
    }

    [Fact]
    public void Addresses_of_one_IPv6_network_count_as_one()
    {
        var throttle = Throttle(new FakeTimeProvider(), capacity: 100);
        throttle.Failed("admin@example.com", IPAddress.Parse("2001:db8:1:2::1"));
        Assert.NotNull(throttle.WaitFor("admin@example.com", IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Null(throttle.WaitFor("admin@example.com", IPAddress.Parse("2001:db8:1:3::1")));
    }
}
