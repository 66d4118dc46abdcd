using Helpdesk.Infrastructure.Text;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.Chat;

public sealed record SendVisitorMessage(long VisitorId, string? ClientMessageId, string? Body) : IRequest<MessageDto>;

public sealed class SendVisitorMessageValidator : AbstractValidator<SendVisitorMessage>
{
    public SendVisitorMessageValidator()
    {
        RuleFor(r => r.ClientMessageId).ClientMessageId();
        RuleFor(r => r.Body).MessageBody();
    }
}

public sealed class SendVisitorMessageHandler(
    MessageWriter writer, IMediator mediator)
    : IRequestHandler<SendVisitorMessage, MessageDto>
{
    public async Task<MessageDto> Handle(SendVisitorMessage r, CancellationToken ct)
    {
        var stored = await writer.AppendAsync(new NewMessage
        {
            VisitorId = r.VisitorId,
            Subject = "Chat",
            Sender = Senders.Customer,
            Body = SafeText.Body(r.Body!.Trim()),
            ClientMessageId = r.ClientMessageId,
        }, CancellationToken.None); // once queued it will be stored: announce it even if the sender has gone
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
        return MessageDto.From(stored.Message);
    }
}
