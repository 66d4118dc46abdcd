using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Microsoft.AspNetCore.Authorization;

namespace Helpdesk.Features.Verification;

/// <summary>
/// A widget visitor asks for a one-time code at an address, to prove it is theirs. The answer is
/// the same whether or not the address belongs to a customer, and comes before the mail is sent,
/// so neither its words nor its timing tell.
/// </summary>
public sealed record RequestVerificationCode(long VisitorId, string? Email) : IRequest, IEndpoint
{
    public const int CodesPerHour = 3;

    public sealed record Input(string? Email);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/widget/verification", async (Input input, HttpContext http, IMediator m) =>
            {
                await m.Send(new RequestVerificationCode(http.User.VisitorId(), input.Email), http.RequestAborted);
                return Results.Accepted();
            })
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName })
            .RequireRateLimiting(RateLimitPolicies.WidgetSessions).RequireCors(StartWidgetSession.WidgetCors).WithTags("Widget");
}

/// <summary>Published after the code's hash is stored; the code itself lives only in memory until it is mailed.</summary>
public sealed record VerificationCodeIssued(long CodeId, string Email, string Code, long StorefrontChannelId, string? Locale)
    : INotification
{
    /// <summary>Never written to a log.</summary>
    public override string ToString() => $"VerificationCodeIssued {{ CodeId = {CodeId} }}";
}

public sealed class RequestVerificationCodeValidator : AbstractValidator<RequestVerificationCode>
{
    public RequestVerificationCodeValidator() =>
        RuleFor(r => r.Email).NotEmpty().MaximumLength(320).EmailAddress().WithName("email");
}

public sealed class RequestVerificationCodeHandler(HelpdeskDbContext db, IMediator mediator, TimeProvider time)
    : IRequestHandler<RequestVerificationCode, Unit>
{
    public async Task<Unit> Handle(RequestVerificationCode r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var email = VerificationCode.Normalize(r.Email!);
        var visitor = await db.Visitors.AsNoTracking().Where(v => v.Id == r.VisitorId)
            .Select(v => new { v.ChannelId, v.CustomerId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Visitor");
        var storefront = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == visitor.ChannelId, ct);
        if (await VerificationMailbox.FindAsync(db, storefront, ct) is null)
            throw new ConflictException("This shop has no mailbox to send codes from.");

        // Counting and adding in one transaction: requests sent at once cannot all slip under the limit.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockAsync($"verification-visitor:{r.VisitorId}", ct);
        await db.LockAsync($"verification-email:{email}", ct);
        var hourAgo = now.AddHours(-1);
        var recent = await db.VerificationCodes.AsNoTracking()
            .Where(c => (c.VisitorId == r.VisitorId || c.Email == email) && c.CreatedAt > hourAgo)
            .Select(c => new { c.VisitorId, c.Email, c.CreatedAt }).ToListAsync(ct);
        var full = new[] { recent.Where(c => c.VisitorId == r.VisitorId).ToList(), recent.Where(c => c.Email == email).ToList() }
            .Where(codes => codes.Count >= RequestVerificationCode.CodesPerHour).ToList();
        if (full.Count > 0)
        {
            var freeAt = full.Max(codes => codes.Min(c => c.CreatedAt)).AddHours(1);
            throw new TooManyRequestsException(
                $"At most {RequestVerificationCode.CodesPerHour} codes an hour can be sent; ask again later.",
                Math.Max(1, (int)Math.Ceiling((freeAt - now).TotalSeconds)));
        }

        var (row, code) = VerificationCode.New(r.VisitorId, email, now);
        db.VerificationCodes.Add(row);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var locale = await db.Customers.Where(c => c.Id == visitor.CustomerId).Select(c => c.Locale).FirstOrDefaultAsync(ct);
        await mediator.Publish(new VerificationCodeIssued(row.Id, email, code, storefront.Id, locale), CancellationToken.None);
        return Unit.Value;
    }
}
