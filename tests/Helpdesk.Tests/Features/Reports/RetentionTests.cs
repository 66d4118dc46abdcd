using System.Text.Json;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Reports;
using Helpdesk.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Features.Reports;

/// <summary>
/// Retention on a worked example, for November 2026 ([1 Nov, 1 Dec), 30 days) against the 30 days
/// before it ([2 Oct, 1 Nov)). Only paid, fulfilled and delivered orders count.
/// <code>
/// customer  orders                                         S (before)  E (November)  N (first ever in November)
/// Anna      paid 10 Oct, paid 1 Nov 00:00                  yes         yes           no
/// Bo        delivered 15 Oct                               yes         no            -
/// Cecilie   fulfilled 10 Nov, paid 1 Dec 00:00 (after)     no          yes           yes
/// Dorte     paid 1 May, paid 20 Nov                        no          yes           no
/// Erik      paid 25 Oct, cancelled 25 Nov                  yes         no            -
/// Frida     refunded 5 Oct                                 no          no            -
/// Gustav    pending 15 Nov                                 no          no            -
/// </code>
/// S = 3 (Anna, Bo, Erik), E = 3 (Anna, Cecilie, Dorte), N = 1 (Cecilie): CRR = (3 − 1) / 3 × 100 = 66.67.
/// Before 1 December: Anna 2, Bo 1, Cecilie 1, Dorte 2, Erik 1 counted orders: 2 of 5 bought again, 40.
/// </summary>
public sealed class RetentionTests
{
    private static DateTime Utc(int month, int day, int year = 2026) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime From = Utc(11, 1), To = Utc(12, 1);

    private static async Task<ReportShop> ShopWithOrdersAsync()
    {
        var shop = await ReportShop.StartAsync(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        using var scope = shop.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        var n = 0;
        async Task Customer(string name, params (DateTime At, string Status)[] orders)
        {
            var customer = new Customer { Name = name, CreatedAt = Utc(1, 1) };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            foreach (var (at, status) in orders)
            {
                n++;
                db.Orders.Add(new Order
                {
                    ChannelId = shop.ChannelId, ExternalId = $"o-{n}", Number = $"#{n}", CustomerId = customer.Id, PlacedAt = at,
                    Status = status, Total = 10, Currency = "EUR", UpdatedAt = at,
                });
            }
        }
        await Customer("Anna", (Utc(10, 10), OrderStatuses.Paid), (From, OrderStatuses.Paid));
        await Customer("Bo", (Utc(10, 15), OrderStatuses.Delivered));
        await Customer("Cecilie", (Utc(11, 10), OrderStatuses.Fulfilled), (To, OrderStatuses.Paid));
        await Customer("Dorte", (Utc(5, 1), OrderStatuses.Paid), (Utc(11, 20), OrderStatuses.Paid));
        await Customer("Erik", (Utc(10, 25), OrderStatuses.Paid), (Utc(11, 25), OrderStatuses.Cancelled));
        await Customer("Frida", (Utc(10, 5), OrderStatuses.Refunded));
        await Customer("Gustav", (Utc(11, 15), OrderStatuses.Pending));
        await db.SaveChangesAsync();
        return shop;
    }

    private static async Task<RetentionFigures> ForAsync(ReportShop shop, DateTime from, DateTime to)
    {
        using var scope = shop.App.Services.CreateScope();
        return await Retention.ForAsync(scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>(), from, to, CancellationToken.None);
    }

    [Fact]
    public async Task Follows_the_formula_counting_only_orders_that_count()
    {
        await using var shop = await ShopWithOrdersAsync();

        var november = await ForAsync(shop, From, To);

        Assert.Equal(new RetentionFigures(66.67, 40, 3, 3, 1), november);
    }

    [Fact]
    public async Task The_summary_reports_the_same_retention()
    {
        await using var shop = await ShopWithOrdersAsync();

        var retention = (await shop.SummaryAsync(From, To)).GetProperty("retention");

        Assert.Equal(66.67, retention.GetProperty("customerRetentionRate").GetDouble());
        Assert.Equal(40, retention.GetProperty("repeatPurchaseRate").GetDouble());
        Assert.Equal((3L, 3L, 1L), (retention.GetProperty("customersAtStart").GetInt64(), retention.GetProperty("customersAtEnd").GetInt64(),
            retention.GetProperty("newCustomers").GetInt64()));
    }

    [Fact]
    public async Task Is_null_without_customers_at_the_start()
    {
        await using var shop = await ShopWithOrdersAsync();

        // Nobody ordered in [4 Jan, 1 Feb) before February: no rate. Before 1 March, Cecilie's December order makes 3 of 5 repeat buyers.
        var quiet = await ForAsync(shop, Utc(2, 1, 2027), Utc(3, 1, 2027));
        Assert.Equal(new RetentionFigures(null, 60, 0, 0, 0), quiet);

        // Before any order at all: nothing to divide by, either rate.
        Assert.Equal(new RetentionFigures(null, null, 0, 0, 0), await ForAsync(shop, Utc(1, 1, 2025), Utc(2, 1, 2025)));

        // One counted order in the period and none before: new, not retained.
        var may = await ForAsync(shop, Utc(5, 1), Utc(5, 31));
        Assert.Equal(new RetentionFigures(null, 0, 0, 1, 1), may);
    }
}
