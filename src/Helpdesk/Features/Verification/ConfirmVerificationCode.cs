using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Microsoft.AspNetCore.Authorization;

namespace Helpdesk.Features.Verification;

/// <summary>
/// The shopper enters the code they were mailed. The right one proves the address is theirs: the
/// visitor becomes the customer who owns that address (or the address becomes the visitor's own
/// customer's, if nobody has it), and may now see their orders. Five wrong codes lock the visitor
/// out for a quarter of an hour, even for the right code.
/// </summary>
public sealed record ConfirmVerificationCode(long VisitorId, string? Code) : IRequest<VerificationConfirmed>, IEndpoint
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockedFor = TimeSpan.FromMinutes(15);

    public sealed record Input(string? Code);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/widget/verification/confirm", (Input input, HttpContext http, IMediator m) =>
                m.Send(new ConfirmVerificationCode(http.User.VisitorId(), input.Code), http.RequestAborted))
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName })
            .RequireRateLimiting(RateLimitPolicies.WidgetSessions).RequireCors(StartWidgetSession.WidgetCors).WithTags("Widget");
}

public sealed record VerificationConfirmed(bool Verified, long CustomerId);

public sealed class ConfirmVerificationCodeValidator : AbstractValidator<ConfirmVerificationCode>
{
    public ConfirmVerificationCodeValidator() =>
        RuleFor(r => r.Code).NotEmpty().Matches("^[0-9]{6}$").WithName("code").WithMessage("'code' must be the 6 digits from the mail.");
}

public sealed class ConfirmVerificationCodeHandler(
    HelpdeskDbContext db, ConversationLifecycle lifecycle, IMediator mediator, TimeProvider time)
    : IRequestHandler<ConfirmVerificationCode, VerificationConfirmed>
{
    public async Task<VerificationConfirmed> Handle(ConfirmVerificationCode r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Every try spends one of the five before its code is compared, in one statement, so tries sent at once cannot get past the lock.
        var tries = await db.Visitors.Where(v => v.Id == r.VisitorId && v.VerificationFailures < ConfirmVerificationCode.MaxFailures
                && (v.VerificationLockedUntil == null || v.VerificationLockedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.VerificationFailures, v => v.VerificationFailures + 1), ct);
        if (tries == 0)
        {
            // Five spent whose lock was not written yet (a try in flight, or one cut short) lock now.
            await LockIfSpentAsync(r.VisitorId, null, now, ct);
            var until = await db.Visitors.Where(v => v.Id == r.VisitorId).Select(v => v.VerificationLockedUntil)
                .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Visitor");
            throw Locked(until, now);
        }

        // Only the latest code counts: asking again replaces the one before.
        var code = await db.VerificationCodes.AsNoTracking().Where(c => c.VisitorId == r.VisitorId)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (code is null || code.UsedAt is not null || code.ExpiresAt <= now)
        {
            await LockIfSpentAsync(r.VisitorId, null, now, ct);
            throw Wrong("No code is waiting, or it has expired. Ask for a new code.");
        }
        if (!code.Matches(r.Code!))
        {
            await LockIfSpentAsync(r.VisitorId, code.Id, now, ct);
            throw Wrong("The code is not right.");
        }

        // One statement decides which of two tries at once uses the code.
        if (await db.VerificationCodes.Where(c => c.Id == code.Id && c.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct) == 0)
            throw Wrong("This code was used already. Ask for a new code.");
        try
        {
            return await ProveAsync(r.VisitorId, code.Email, now, ct);
        }
        catch (DbUpdateException)
        {
            // Another visitor proved the same new address at this moment: it is theirs now, and this visitor joins them.
            db.ChangeTracker.Clear();
            return await ProveAsync(r.VisitorId, code.Email, now, ct);
        }
    }

    /// <summary>After the fifth wrong try in a row the visitor is locked out and the code spent.</summary>
    private async Task LockIfSpentAsync(long visitorId, long? codeId, DateTime now, CancellationToken ct)
    {
        var lockUntil = now + ConfirmVerificationCode.LockedFor;
        if (await db.Visitors.Where(v => v.Id == visitorId && v.VerificationFailures >= ConfirmVerificationCode.MaxFailures
                    && (v.VerificationLockedUntil == null || v.VerificationLockedUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.VerificationFailures, 0).SetProperty(v => v.VerificationLockedUntil, lockUntil), ct) > 0)
            await db.VerificationCodes.Where(c => c.VisitorId == visitorId && c.UsedAt == null && (codeId == null || c.Id == codeId))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
    }

    private static TooManyRequestsException Locked(DateTime until, DateTime now) =>
        new("Too many wrong codes. Try again later.", Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds)));

    /// <summary>The visitor is now the owner of the address (its own customer's, if nobody has it yet), with all its chats.</summary>
    private async Task<VerificationConfirmed> ProveAsync(long visitorId, string email, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync($"visitor:{visitorId}", ct);
        var visitor = await db.Visitors.FirstAsync(v => v.Id == visitorId, ct);
        var former = visitor.CustomerId;
        var owner = await db.CustomerIdentities.Where(i => i.Kind == IdentityKinds.Email && i.Value == email)
            .Select(i => (long?)i.CustomerId).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            db.CustomerIdentities.Add(new CustomerIdentity { CustomerId = visitor.CustomerId, Kind = IdentityKinds.Email, Value = email });
            var own = await db.Customers.FirstAsync(c => c.Id == visitor.CustomerId, ct);
            own.Email = email;
            owner = own.Id;
        }
        visitor.CustomerId = owner.Value;
        visitor.VerifiedAt = now;
        // A store sign-in stays one: it still ends when the storefront stops vouching for it.
        if (visitor.VerifiedBy != VerificationMethods.StoreLogin) visitor.VerifiedBy = VerificationMethods.EmailCode;
        visitor.ClaimedCustomerId = null;
        visitor.VerificationFailures = 0;
        await db.SaveChangesAsync(ct);
        var moved = await ClaimEmail.RefileAsync(db, lifecycle, visitor.Id, owner.Value, verified: true, now, ct);
        if (former != owner.Value) await RemoveIfUnusedAsync(former, ct);
        await tx.CommitAsync(ct);
        foreach (var changed in moved) await mediator.Publish(changed, CancellationToken.None);
        return new VerificationConfirmed(true, owner.Value);
    }

    private static ValidationException Wrong(string message) =>
        new([new FluentValidation.Results.ValidationFailure("code", message)]);

    /// <summary>
    /// The anonymous customer the visitor was until now goes, if nothing else is theirs: its
    /// conversations moved with the visitor, and a stand-in with no history helps no one.
    /// </summary>
    private async Task RemoveIfUnusedAsync(long former, CancellationToken ct)
    {
        var inUse = await db.Visitors.AnyAsync(v => v.CustomerId == former, ct)
            || await db.Conversations.AnyAsync(c => c.CustomerId == former, ct)
            || await db.Orders.AnyAsync(o => o.CustomerId == former, ct)
            || await db.CustomerIdentities.AnyAsync(i => i.CustomerId == former, ct)
            || await db.Surveys.AnyAsync(s => s.CustomerId == former, ct);
        if (!inUse) await db.Customers.Where(c => c.Id == former).ExecuteDeleteAsync(ct);
    }
}
