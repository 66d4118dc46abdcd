using Helpdesk.Features.Customers;
using Helpdesk.Features.Orders;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Features.Customers;

public sealed class TierPolicyTests
{
    private readonly TierPolicy _tiers = new(Options.Create(new TierOptions { ReturningOrders = 2, VipOrders = 5, VipLifetimeValue = 1000m }));

    [Theory]
    [InlineData(0, 0, "new")]
    [InlineData(1, 80, "first-time")]
    [InlineData(2, 160, "returning")]
    [InlineData(4, 900, "returning")]
    [InlineData(5, 300, "vip")]
    [InlineData(1, 1200, "vip")]
    public void Tier_follows_orders_and_spend(int orders, decimal spend, string tier) => Assert.Equal(tier, _tiers.Tier(orders, spend));

    private static Order Order(string status, decimal total, string currency = "EUR", int daysAgo = 10) => new()
    {
        ExternalId = Guid.NewGuid().ToString(), Number = "#1", Status = status, Total = total, Currency = currency,
        PlacedAt = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc).AddDays(-daysAgo),
    };

    [Fact]
    public void Cancelled_and_refunded_orders_are_not_history()
    {
        var customer = new Customer { Name = "Jānis" };
        _tiers.Apply(customer, [Order("delivered", 100), Order("cancelled", 500), Order("refunded", 700), Order("pending", 50)]);
        Assert.Equal(1, customer.OrderCount);
        Assert.Equal(100m, customer.LifetimeValue);
        Assert.Equal("first-time", customer.Tier);
    }

    [Fact]
    public void Lifetime_value_adds_up_the_currency_of_the_latest_order()
    {
        var customer = new Customer { Name = "Ingvild" };
        _tiers.Apply(customer, [Order("paid", 1000, "NOK", daysAgo: 1), Order("paid", 90, "EUR", daysAgo: 30), Order("paid", 500, "NOK", daysAgo: 60)]);
        Assert.Equal("NOK", customer.Currency);
        Assert.Equal(1500m, customer.LifetimeValue);
        Assert.Equal(3, customer.OrderCount);
    }
}
