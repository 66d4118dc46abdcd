using System.Text.Json;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Orders;

namespace Helpdesk.Features.Customers;

public sealed record IdentityDto(string Kind, string Value);
public sealed record CustomerOrderDto(
    long Id, string ExternalId, string Number, DateTime PlacedAt, decimal Total, string Currency, string Status,
    DateTime? FulfilledAt, DateTime? DeliveredAt, IReadOnlyList<OrderLine> Lines, IReadOnlyList<OrderTracking> Tracking);
public sealed record CustomerConversationDto(long Id, ChannelRef Channel, string Subject, string Status, DateTime LastMessageAt);

public sealed record CustomerDetail(
    long Id, string Name, string? Email, string? Locale, string Tier, IdentityDto[] Identities, int OrderCount,
    decimal LifetimeValue, string? Currency, DateTime? LastOrderAt, CustomerOrderDto[] Orders,
    CustomerConversationDto[] Conversations);

public sealed record GetCustomer(long Id) : IRequest<CustomerDetail>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers/{id:long}", (long id, IMediator m, CancellationToken ct) => m.Send(new GetCustomer(id), ct))
            .RequireAuthorization().WithTags("Customers");
}

public sealed class GetCustomerHandler(HelpdeskDbContext db) : IRequestHandler<GetCustomer, CustomerDetail>
{
    /// <summary>The panel shows recent history; the counts and value cover all of it.</summary>
    public const int RecentOrders = 50;

    public async Task<CustomerDetail> Handle(GetCustomer r, CancellationToken ct)
    {
        var c = await db.Customers.AsNoTracking().Include(x => x.Identities).FirstOrDefaultAsync(x => x.Id == r.Id, ct)
            ?? throw new NotFoundException("Customer");
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == r.Id)
            .OrderByDescending(o => o.PlacedAt).Take(RecentOrders).ToListAsync(ct);
        var conversations = await db.Conversations.AsNoTracking().Where(x => x.CustomerId == r.Id)
            .OrderByDescending(x => x.LastMessageAt).Take(50)
            .Join(db.Channels, x => x.ChannelId, ch => ch.Id, (x, ch) => new CustomerConversationDto(
                x.Id, new ChannelRef(ch.Id, ch.Kind, ch.Name), x.Subject, x.Status, x.LastMessageAt))
            .ToArrayAsync(ct);
        return new CustomerDetail(
            c.Id, c.Name, c.Email, c.Locale, c.Tier,
            c.Identities.OrderBy(i => i.Kind).Select(i => new IdentityDto(i.Kind, i.Value)).ToArray(),
            c.OrderCount, c.LifetimeValue, c.Currency, c.LastOrderAt,
            orders.Select(o => new CustomerOrderDto(o.Id, o.ExternalId, o.Number, o.PlacedAt, o.Total, o.Currency, o.Status,
                o.FulfilledAt, o.DeliveredAt, JsonSerializer.Deserialize<List<OrderLine>>(o.LinesJson, JsonSerializerOptions.Web) ?? [],
                ShipmentTracking.Read(o.TrackingJson))).ToArray(),
            conversations);
    }
}
