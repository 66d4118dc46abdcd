using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Orders;
using Microsoft.AspNetCore.Authorization;

namespace Helpdesk.Features.Verification;

/// <summary>
/// "Where is my order?" answered in the widget: a proven shopper (store sign-in or a one-time
/// code) sees their own latest orders. A shopper who only typed an address sees nothing of
/// anyone's, not even whether that address has orders.
/// </summary>
public sealed record ListVisitorOrders(long VisitorId) : IRequest<VisitorOrder[]>, IEndpoint
{
    public const int Count = 10;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/widget/orders", (HttpContext http, IMediator m) =>
                m.Send(new ListVisitorOrders(http.User.VisitorId()), http.RequestAborted))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName })
            .RequireRateLimiting(RateLimitPolicies.Public).RequireCors(StartWidgetSession.WidgetCors).WithTags("Widget");
}

public sealed record VisitorOrderLine(string Name, int Quantity);
public sealed record VisitorOrder(
    string Number, DateTime PlacedAt, decimal Total, string Currency, string Status,
    VisitorOrderLine[] Lines, OrderTracking[] Tracking);

public sealed class ListVisitorOrdersHandler(HelpdeskDbContext db) : IRequestHandler<ListVisitorOrders, VisitorOrder[]>
{
    public async Task<VisitorOrder[]> Handle(ListVisitorOrders r, CancellationToken ct)
    {
        var visitor = await db.Visitors.AsNoTracking().Where(v => v.Id == r.VisitorId)
            .Select(v => new { v.CustomerId, v.VerifiedAt }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Visitor");
        if (visitor.VerifiedAt is null)
            throw new ForbiddenException("Verify your email address to see your orders.");
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == visitor.CustomerId)
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id).Take(ListVisitorOrders.Count)
            .Select(o => new { o.Number, o.PlacedAt, o.Total, o.Currency, o.Status, o.LinesJson, o.TrackingJson })
            .ToListAsync(ct);
        return orders.Select(o => new VisitorOrder(
            o.Number, o.PlacedAt, o.Total, o.Currency, o.Status,
            (JsonSerializer.Deserialize<List<OrderLine>>(o.LinesJson, JsonSerializerOptions.Web) ?? [])
                .Select(l => new VisitorOrderLine(l.Name, l.Quantity)).ToArray(),
            ShipmentTracking.Read(o.TrackingJson).ToArray())).ToArray();
    }
}
