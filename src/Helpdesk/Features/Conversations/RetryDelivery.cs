using Helpdesk.Features.Chat;
using Helpdesk.Infrastructure.Outbox;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Conversations;

/// <summary>An agent sends a message that could not be delivered once more, now.</summary>
public sealed record RetryDelivery(long ConversationId, long MessageId) : IRequest<MessageDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/messages/{messageId:long}/retry",
                (long id, long messageId, IMediator m, CancellationToken ct) => m.Send(new RetryDelivery(id, messageId), ct))
            .RequireAuthorization().WithTags("Conversations").Produces<MessageDto>();
}

public sealed class RetryDeliveryHandler(
    HelpdeskDbContext db, OutboxSignal outbox, IHubContext<InboxHub, IInboxClient> inbox, TimeProvider time)
    : IRequestHandler<RetryDelivery, MessageDto>
{
    public async Task<MessageDto> Handle(RetryDelivery r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var retried = await db.Outbox
            .Where(o => o.MessageId == r.MessageId && o.ConversationId == r.ConversationId && o.Status == DeliveryStatuses.Failed)
            .ExecuteUpdateAsync(u => u
                .SetProperty(o => o.Status, DeliveryStatuses.Queued)
                .SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, now), ct);
        var item = await db.Outbox.AsNoTracking()
            .FirstOrDefaultAsync(o => o.MessageId == r.MessageId && o.ConversationId == r.ConversationId, ct)
            ?? throw new NotFoundException("Message");
        if (retried == 0)
            throw new ConflictException(item.Status == DeliveryStatuses.Sent
                ? "The message has been delivered already."
                : "The message is still being delivered; only a failed one can be retried.");
        outbox.Wake();

        var message = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == r.MessageId, ct);
        var delivery = new DeliveryDto(DeliveryStatuses.Queued, item.LastError, 0, now);
        await inbox.Clients.Group(HubGroups.Agents).MessageDelivery(new DeliveryEvent(message.Id, message.ConversationId, delivery));
        return MessageDto.From(message, delivery);
    }
}
