using Helpdesk.Infrastructure.Text;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Verification;
namespace Helpdesk.Features.Chat;

/// <summary>A shopper leaves a name or an email address, so that an answer can reach them later.</summary>
public sealed record UpdateVisitorContact(long VisitorId, string? Name, string? Email) : IRequest;

public sealed class UpdateVisitorContactValidator : AbstractValidator<UpdateVisitorContact>
{
    public UpdateVisitorContactValidator()
    {
        RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.Name) || !string.IsNullOrWhiteSpace(r.Email))
            .WithName("email").WithMessage("Give a name or an email address.");
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.Email).MaximumLength(320).EmailAddress().When(r => !string.IsNullOrWhiteSpace(r.Email));
    }
}

/// <remarks>The address is also a claim (see <see cref="ClaimEmail"/>): the chat is filed under the customer who owns it, unverified.</remarks>
public sealed class UpdateVisitorContactHandler(HelpdeskDbContext db, ConversationLifecycle lifecycle, IMediator mediator, TimeProvider time)
    : IRequestHandler<UpdateVisitorContact, Unit>
{
    public async Task<Unit> Handle(UpdateVisitorContact r, CancellationToken ct)
    {
        // Read and written in one transaction, so a proof committed meanwhile is seen and no claim lands on a proven visitor.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync($"visitor:{r.VisitorId}", ct);
        var visitor = await db.Visitors.FirstOrDefaultAsync(v => v.Id == r.VisitorId, ct) ?? throw new NotFoundException("Visitor");
        var customer = await db.Customers.FirstAsync(c => c.Id == visitor.CustomerId, ct);
        if (SafeText.Name(r.Name) is { Length: > 0 } name) customer.Name = name;
        if (!string.IsNullOrWhiteSpace(r.Email)) customer.Email = r.Email.Trim();
        var now = time.GetUtcNow().UtcDateTime;
        visitor.LastSeenAt = now;
        var claimed = await ClaimEmail.ClaimAsync(db, visitor, r.Email, ct);
        await db.SaveChangesAsync(ct);
        var moved = claimed
            ? await ClaimEmail.RefileAsync(db, lifecycle, visitor.Id, visitor.ClaimedCustomerId ?? visitor.CustomerId, verified: false, now, ct)
            : [];
        await tx.CommitAsync(ct);
        foreach (var changed in moved) await mediator.Publish(changed, CancellationToken.None);
        return Unit.Value;
    }
}
