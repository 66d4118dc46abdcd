using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Reports;

/// <summary>
/// Whether customers come back, from the orders that count for tiers (paid, fulfilled, delivered):
/// the customer retention rate CRR = ((E − N) / S) × 100 for a period [from, to) of length L, where
/// S is the customers with an order in [from − L, from), E those with an order in [from, to) and N
/// those in E whose first order ever is in [from, to); and the repeat purchase rate, customers with
/// two or more orders placed before <c>to</c> ÷ customers with one or more, × 100.
/// </summary>
public static class Retention
{
    public static async Task<RetentionFigures> ForAsync(HelpdeskDbContext db, DateTime from, DateTime to, CancellationToken ct)
    {
        var start = from - (to - from);
        var counting = db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatuses.Paid || o.Status == OrderStatuses.Fulfilled || o.Status == OrderStatuses.Delivered);

        var atStart = await counting.Where(o => o.PlacedAt >= start && o.PlacedAt < from).Select(o => o.CustomerId).Distinct().CountAsync(ct);
        var inPeriod = counting.Where(o => o.PlacedAt >= from && o.PlacedAt < to).Select(o => o.CustomerId).Distinct();
        var atEnd = await inPeriod.CountAsync(ct);
        var newCustomers = await inPeriod.CountAsync(c => !counting.Any(o => o.CustomerId == c && o.PlacedAt < from), ct);

        var before = counting.Where(o => o.PlacedAt < to).GroupBy(o => o.CustomerId).Select(g => g.Count());
        var buyers = await before.CountAsync(ct);
        var repeat = await before.CountAsync(n => n >= 2, ct);

        return new RetentionFigures(
            Rate(atEnd - newCustomers, atStart), Rate(repeat, buyers), atStart, atEnd, newCustomers);
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : Math.Round(part * 100.0 / whole, 2);
}
