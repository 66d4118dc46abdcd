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
    HelpdeskDbContext db, PriorityPolicy priority, ConversationFeed feed, TimeProvider time)
    : IRequestHandler<ConfirmVerificationCode, VerificationConfirmed>
{
    public async Task<VerificationConfirmed> Handle(ConfirmVerificationCode r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var visitor = await db.Visitors.FirstOrDefaultAsync(v => v.Id == r.VisitorId, ct) ?? throw new NotFoundException("Visitor");
        if (visitor.VerificationLockedUntil is { } until && until > now) throw Locked(until, now);

        // Only the latest code counts: asking again replaces the one before.
        var code = await db.VerificationCodes.AsNoTracking().Where(c => c.VisitorId == r.VisitorId)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (code is null || code.UsedAt is not null || code.ExpiresAt <= now)
            throw Wrong("No code is waiting, or it has expired. Ask for a new code.");
        if (!code.Matches(r.Code!)) await FailAsync(visitor.Id, code.Id, now, ct);

        // One statement decides which of two tries at once uses the code.
        if (await db.VerificationCodes.Where(c => c.Id == code.Id && c.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct) == 0)
            throw Wrong("This code was used already. Ask for a new code.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Entry(visitor).ReloadAsync(ct);
        if (visitor.VerificationLockedUntil is { } lockedMeanwhile && lockedMeanwhile > now) throw Locked(lockedMeanwhile, now);
        visitor.VerificationFailures = 0;
        var former = visitor.CustomerId;
        var customerId = await ProveAsync(visitor, code.Email, now, ct);
        await db.SaveChangesAsync(ct);
        var moved = await ClaimEmail.RefileAsync(db, priority, visitor.Id, customerId, verified: true, ct);
        if (former != customerId) await RemoveIfUnusedAsync(former, ct);
        await tx.CommitAsync(ct);
        foreach (var id in moved) feed.Changed(id);
        return new VerificationConfirmed(true, customerId);
    }

    /// <summary>Counts a wrong code in one statement (tries at once each count); the fifth locks the visitor and spends the code.</summary>
    private async Task FailAsync(long visitorId, long codeId, DateTime now, CancellationToken ct)
    {
        await db.Visitors.Where(v => v.Id == visitorId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.VerificationFailures, v => v.VerificationFailures + 1), ct);
        var lockUntil = now + ConfirmVerificationCode.LockedFor;
        if (await db.Visitors.Where(v => v.Id == visitorId && v.VerificationFailures >= ConfirmVerificationCode.MaxFailures)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.VerificationFailures, 0).SetProperty(v => v.VerificationLockedUntil, lockUntil), ct) > 0)
            await db.VerificationCodes.Where(c => c.Id == codeId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct);
        throw Wrong("The code is not right.");
    }

    private static TooManyRequestsException Locked(DateTime until, DateTime now) =>
        new("Too many wrong codes. Try again later.", Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds)));

    private static ValidationException Wrong(string message) =>
        new([new FluentValidation.Results.ValidationFailure("code", message)]);

    /// <summary>The visitor is now the owner of the address; returns that customer's id.</summary>
    private async Task<long> ProveAsync(Visitor visitor, string email, DateTime now, CancellationToken ct)
    {
        var owner = await db.CustomerIdentities.Where(i => i.Kind == IdentityKinds.Email && i.Value == email)
            .Select(i => (long?)i.CustomerId).FirstOrDefaultAsync(ct);
        if (owner is null)
        {
            db.CustomerIdentities.Add(new CustomerIdentity { CustomerId = visitor.CustomerId, Kind = IdentityKinds.Email, Value = email });
            var own = await db.Customers.FirstAsync(c => c.Id == visitor.CustomerId, ct);
            own.Email = email;
            owner = own.Id;
        }
        (visitor.CustomerId, visitor.VerifiedAt, visitor.VerifiedBy, visitor.ClaimedCustomerId) =
            (owner.Value, now, VerificationMethods.EmailCode, null);
        return owner.Value;
    }

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
