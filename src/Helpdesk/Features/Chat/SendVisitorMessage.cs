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
    HelpdeskDbContext db, MessageWriter writer, VisitorMessageLimiter limiter, IMediator mediator)
    : IRequestHandler<SendVisitorMessage, MessageDto>
{
    public async Task<MessageDto> Handle(SendVisitorMessage r, CancellationToken ct)
    {
        var visitor = await db.Visitors.AsNoTracking()
            .Where(v => v.Id == r.VisitorId)
            .Select(v => new { v.Id, v.ChannelId, v.CustomerId, ChannelKind = db.Channels.Where(c => c.Id == v.ChannelId).Select(c => c.Kind).First() })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Visitor");
        limiter.Take(visitor.Id);

        var stored = await writer.AppendAsync(new NewMessage
        {
            VisitorId = visitor.Id,
            ChannelId = visitor.ChannelId,
            ChannelKind = visitor.ChannelKind,
            CustomerId = visitor.CustomerId,
            Subject = "Chat",
            Sender = Senders.Customer,
            Body = r.Body!.Trim(),
            ClientMessageId = r.ClientMessageId,
        }, ct);
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
        return MessageDto.From(stored.Message);
    }
}
