namespace Helpdesk.Features.Conversations;

public sealed record ChangeConversationStatus(long ConversationId, string? Status) : IRequest<ConversationSummary>, IEndpoint
{
    public sealed record Input(string? Status);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/status", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new ChangeConversationStatus(id, input.Status), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class ChangeConversationStatusValidator : AbstractValidator<ChangeConversationStatus>
{
    public ChangeConversationStatusValidator() =>
        RuleFor(r => r.Status).Must(s => s is not null && ConversationStatuses.All.Contains(s))
            .WithMessage("'status' must be open, pending or resolved.");
}

public sealed class ChangeConversationStatusHandler(HelpdeskDbContext db, IMediator mediator, TimeProvider time)
    : IRequestHandler<ChangeConversationStatus, ConversationSummary>
{
    public async Task<ConversationSummary> Handle(ChangeConversationStatus r, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == r.ConversationId, ct)
            ?? throw new NotFoundException("Conversation");
        var now = time.GetUtcNow().UtcDateTime;
        conversation.Status = r.Status!;
        conversation.ResolvedAt = r.Status == ConversationStatuses.Resolved ? now : null;
        await db.SaveChangesAsync(ct);
        await mediator.Publish(new ConversationChanged(conversation.Id), CancellationToken.None);
        return (await db.SummaryAsync(conversation.Id, now, ct))!;
    }
}
