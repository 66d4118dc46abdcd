using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Conversations;

/// <param name="SnoozedUntil">
/// With <c>snoozed</c>: when it comes back to the queue, unless the customer writes first; left out, it waits for
/// the customer alone.
/// </param>
/// <param name="AgentId">Who changes it: a resolution is credited to them.</param>
public sealed record ChangeConversationStatus(long ConversationId, string? Status, DateTime? SnoozedUntil = null, long? AgentId = null)
    : IRequest<ConversationSummary>, IEndpoint
{
    public sealed record Input(string? Status, DateTimeOffset? SnoozedUntil);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/status", (long id, Input input, HttpContext http, IMediator m) =>
                m.Send(new ChangeConversationStatus(id, input.Status, input.SnoozedUntil?.UtcDateTime, http.User.AgentId()), http.RequestAborted))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class ChangeConversationStatusValidator : AbstractValidator<ChangeConversationStatus>
{
    /// <summary>The longest snooze: a year, beyond which "later" means never.</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(366);

    public ChangeConversationStatusValidator(TimeProvider time)
    {
        RuleFor(r => r.Status).Must(s => s is not null && ConversationStatuses.All.Contains(s))
            .WithMessage("'status' must be open, pending, snoozed or resolved.");
        RuleFor(r => r.SnoozedUntil)
            .Must(until => until > time.GetUtcNow().UtcDateTime && until < time.GetUtcNow().UtcDateTime + MaxSnooze)
            .When(r => r is { Status: ConversationStatuses.Snoozed, SnoozedUntil: not null }).WithName("snoozedUntil")
            .WithMessage("'snoozedUntil' must be in the future, within a year.");
        RuleFor(r => r.SnoozedUntil).Null().When(r => r.Status != ConversationStatuses.Snoozed).WithName("snoozedUntil")
            .WithMessage("'snoozedUntil' goes only with the status snoozed.");
    }
}

public sealed class ChangeConversationStatusHandler(ChangeConversation change)
    : IRequestHandler<ChangeConversationStatus, ConversationSummary>
{
    public Task<ConversationSummary> Handle(ChangeConversationStatus r, CancellationToken ct) =>
        change.ApplyAsync(r.ConversationId, now => r.Status switch
        {
            ConversationStatuses.Resolved => new Transition.Resolve(now, r.AgentId),
            ConversationStatuses.Pending => new Transition.MarkPending(now),
            // Validated: in the future when the request came; a snooze that ran out meanwhile wakes at once.
            ConversationStatuses.Snoozed => new Transition.Snooze(now, r.SnoozedUntil is { } until && until <= now ? now.AddSeconds(1) : r.SnoozedUntil),
            _ => new Transition.Reopen(now),
        });
}
