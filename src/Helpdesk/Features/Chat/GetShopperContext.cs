namespace Helpdesk.Features.Chat;

/// <summary>Where a chat's shopper is (see ShopperContext); every field null for a conversation from another channel or an old widget.</summary>
public sealed record ShopperContextDto(
    string? PageUrl, string? PageTitle, string? Referrer, string? Browser, string? OperatingSystem, string? DeviceKind, DateTime? UpdatedAt);

public sealed record GetShopperContext(long ConversationId) : IRequest<ShopperContextDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations/{id:long}/shopper", (long id, IMediator m, CancellationToken ct) => m.Send(new GetShopperContext(id), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class GetShopperContextHandler(HelpdeskDbContext db) : IRequestHandler<GetShopperContext, ShopperContextDto>
{
    public async Task<ShopperContextDto> Handle(GetShopperContext r, CancellationToken ct)
    {
        var visitorId = await db.Conversations.AsNoTracking().Where(c => c.Id == r.ConversationId)
            .Select(c => new { c.VisitorId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Conversation");
        return await db.Visitors.AsNoTracking().Where(v => v.Id == visitorId.VisitorId)
            .Select(v => new ShopperContextDto(v.PageUrl, v.PageTitle, v.Referrer, v.Browser, v.OperatingSystem, v.DeviceKind, v.ContextUpdatedAt))
            .FirstOrDefaultAsync(ct) ?? new ShopperContextDto(null, null, null, null, null, null, null);
    }
}
