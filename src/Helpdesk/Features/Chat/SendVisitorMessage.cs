using Helpdesk.Infrastructure.Text;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

/// <param name="OrderNumber">One of the shopper's own orders the message asks about; only a proven shopper has orders to ask about.</param>
public sealed record SendVisitorMessage(long VisitorId, string? ClientMessageId, string? Body, string? OrderNumber = null) : IRequest<MessageDto>;

public sealed class SendVisitorMessageValidator : AbstractValidator<SendVisitorMessage>
{
    public SendVisitorMessageValidator()
    {
        RuleFor(r => r.ClientMessageId).ClientMessageId();
        RuleFor(r => r.Body).MessageBody();
        RuleFor(r => r.OrderNumber).MaximumLength(100);
    }
}

public sealed class SendVisitorMessageHandler(
    MessageWriter writer, IMediator mediator, HelpdeskDbContext db, Channels.ChannelHealth health)
    : IRequestHandler<SendVisitorMessage, MessageDto>
{
    public async Task<MessageDto> Handle(SendVisitorMessage r, CancellationToken ct)
    {
        if (r.OrderNumber is { } number && !await db.Visitors.AnyAsync(v => v.Id == r.VisitorId && v.VerifiedAt != null
                && db.Orders.Any(o => o.CustomerId == v.CustomerId && o.Number == number), ct))
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("orderNumber", "'orderNumber' must be one of your own orders.")]);
        var stored = await writer.AppendAsync(new NewMessage
        {
            VisitorId = r.VisitorId,
            Subject = "Chat",
            Sender = Senders.Customer,
            Body = SafeText.Body(r.Body!.Trim()),
            ClientMessageId = r.ClientMessageId,
            OrderNumber = r.OrderNumber,
        }, CancellationToken.None); // once queued it will be stored: announce it even if the sender has gone
        if (stored.IsNew)
        {
            await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
            health.Received(stored.Message.ChannelId);
        }
        else await mediator.Publish(new MessageResent(stored), CancellationToken.None);
        return MessageDto.From(stored.Message);
    }
}
