using Helpdesk.Infrastructure.Text;
using System.Text;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Verification;

namespace Helpdesk.Features.Chat;

public sealed record WidgetIdentity(string? CustomerId, string? Email, string? Signature);

/// <param name="TimeZone">The shopper's own IANA time zone, so that times we write them are in their time.</param>
/// <param name="Locale">The language the widget speaks to the shopper (their browser's choice, or the shop's pin): the customer's from now on.</param>
/// <param name="PageUrl">The page the shopper is on, with <paramref name="PageTitle"/>, <paramref name="Referrer"/> and the
/// <paramref name="ScreenWidth"/> in CSS pixels: where the shopper is, for agents (see ShopperContext).</param>
public sealed record StartWidgetSession(
    string? PublicKey, string? VisitorToken, string? Name, string? Email, string? Locale, WidgetIdentity? Identity,
    string? TimeZone = null, string? PageUrl = null, string? PageTitle = null, string? Referrer = null, int? ScreenWidth = null)
    : IRequest<WidgetSession>, IEndpoint
{
    /// <summary>The client's network address (see ClientAddress), from the connection, never from the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string? Address { get; init; }
    /// <summary>The browser's User-Agent header, for the device summary agents see.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string? UserAgent { get; init; }

    private const int MaxUserAgent = 512;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/widget/sessions", (StartWidgetSession request, HttpContext http, IMediator m) =>
                m.Send(request with
                {
                    Address = ClientAddress.Of(http),
                    UserAgent = http.Request.Headers.UserAgent.ToString() is var ua && ua.Length > MaxUserAgent ? ua[..MaxUserAgent] : ua,
                }, http.RequestAborted))
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.WidgetSessions).RequireCors(WidgetCors).WithTags("Widget");

    /// <summary>The widget runs on the shop's own site, so its session endpoint answers any origin.</summary>
    public const string WidgetCors = "widget";
}

/// <param name="Verified">The shopper proved who they are (store sign-in or a one-time code), so may see their own orders.</param>
/// <param name="CanVerify">The shop has a mailbox to send one-time codes from.</param>
/// <param name="VerificationRequested">An agent asked the shopper to verify their email, and they have not yet.</param>
public sealed record WidgetSession(
    string VisitorToken, long? ConversationId, long? CustomerId, bool OpenNow, DateTime? NextOpenAt, DateTime? NextCloseAt,
    int ExpectedReplyMinutes, bool AgentsOnline, string? Name, string? Email,
    string? ConversationStatus, long AgentReadUpToId, bool Verified = false, bool CanVerify = false, bool VerificationRequested = false);

public sealed class StartWidgetSessionValidator : AbstractValidator<StartWidgetSession>
{
    public StartWidgetSessionValidator()
    {
        RuleFor(r => r.PublicKey).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.Email).MaximumLength(320).EmailAddress().When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.Locale).MaximumLength(35).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
            .When(r => !string.IsNullOrEmpty(r.Locale));
        RuleFor(r => r.TimeZone).Must(SetBusinessHoursValidator.BeKnownZone).When(r => !string.IsNullOrEmpty(r.TimeZone))
            .WithMessage("'timeZone' must be an IANA time zone such as Europe/Copenhagen.");
        RuleFor(r => r.PageUrl).MaximumLength(ShopperContext.MaxUrl).Must(ShopperContext.IsWebAddress)
            .When(r => !string.IsNullOrEmpty(r.PageUrl)).WithMessage("'pageUrl' must be an http or https address.");
        RuleFor(r => r.Referrer).MaximumLength(ShopperContext.MaxUrl).Must(ShopperContext.IsWebAddress)
            .When(r => !string.IsNullOrEmpty(r.Referrer)).WithMessage("'referrer' must be an http or https address.");
        RuleFor(r => r.PageTitle).MaximumLength(ShopperContext.MaxTitle);
        RuleFor(r => r.ScreenWidth).InclusiveBetween(1, 100_000);
        When(r => r.Identity is not null, () =>
        {
            RuleFor(r => r.Identity!.CustomerId).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Identity!.Signature).NotEmpty().Matches("^[0-9a-f]{64}$")
                .WithMessage("'signature' must be the lowercase hex HMAC-SHA256 of customerId.");
            RuleFor(r => r.Identity!.Email).MaximumLength(320).EmailAddress()
                .When(r => !string.IsNullOrEmpty(r.Identity!.Email));
        });
    }
}

public sealed class StartWidgetSessionHandler(
    HelpdeskDbContext db, VisitorTokens tokens, VisitorSessions sessions, AgentPresence presence, ExpectedReply expected,
    ChannelSchedules schedules, ConversationLifecycle lifecycle, IMediator mediator, TimeProvider time)
    : IRequestHandler<StartWidgetSession, WidgetSession>
{
    public async Task<WidgetSession> Handle(StartWidgetSession r, CancellationToken ct)
    {
        try
        {
            return await StartAsync(r, ct);
        }
        catch (DbUpdateException)
        {
            // Two tabs signing in the same customer at once: the other one created them; use that.
            db.ChangeTracker.Clear();
            return await StartAsync(r, ct);
        }
    }

    private async Task<WidgetSession> StartAsync(StartWidgetSession r, CancellationToken ct)
    {
        var channel = await db.Channels.AsNoTracking()
            .FirstOrDefaultAsync(c => c.PublicKey == r.PublicKey && c.Kind == ChannelKinds.Storefront, ct)
            ?? throw new NotFoundException("Storefront");
        var now = time.GetUtcNow().UtcDateTime;

        var verifiedId = r.Identity is { } identity ? Verify(channel, identity) : null;

        Visitor? visitor = null;
        if (tokens.Read(r.VisitorToken) is { } known && known.ChannelId == channel.Id)
            visitor = await db.Visitors.FirstOrDefaultAsync(v => v.Id == known.VisitorId && v.RevokedAt == null, ct);

        var customer = visitor is null ? null
            : await db.Customers.Include(c => c.Identities).FirstAsync(c => c.Id == visitor.CustomerId, ct);
        // A signed-in customer's token is ended below unless this call continues the same customer.
        var signedIn = visitor?.VerifiedBy == VerificationMethods.StoreLogin ? visitor : null;
        // A signed-in customer's chat continues only while the storefront still vouches for them:
        // after they sign out, the next person at this browser starts an anonymous chat.
        if (verifiedId is null && signedIn is not null)
            (visitor, customer) = (null, null);
        if (verifiedId is not null)
        {
            // A verified storefront login is the same customer wherever and whenever they chat:
            // the shop's own customer id, the same one its orders carry.
            var ownerId = await db.CustomerIdentities.AsNoTracking()
                .Where(i => (i.Kind == IdentityKinds.WidgetVerifiedId || i.Kind == IdentityKinds.StoreCustomerId) && i.Value == verifiedId)
                .OrderBy(i => i.Id).Select(i => (long?)i.CustomerId).FirstOrDefaultAsync(ct);
            if (ownerId is { } id)
                customer = await db.Customers.Include(c => c.Identities).FirstAsync(c => c.Id == id, ct);
            else
            {
                // An anonymous chat becomes the signed-in customer's only if there is none yet:
                // on a shared browser, someone else's earlier chat must not come along.
                var anonymousWithHistory = customer is null || customer.Identities.Any(i => IsStoreLogin(i.Kind))
                    || await db.Conversations.AnyAsync(c => c.CustomerId == customer.Id || c.VisitorId == visitor!.Id, ct);
                if (anonymousWithHistory) customer = NewCustomer(r, now);
                customer!.Identities.Add(new CustomerIdentity { Kind = IdentityKinds.WidgetVerifiedId, Value = verifiedId });
            }
        }
        customer ??= NewCustomer(r, now);
        if (customer.Id == 0) db.Customers.Add(customer);
        if (SafeText.Name(r.Name) is { Length: > 0 } name) customer.Name = name;
        var email = r.Email ?? r.Identity?.Email;
        if (!string.IsNullOrWhiteSpace(email)) customer.Email = email.Trim();
        if (!string.IsNullOrWhiteSpace(r.Locale)) customer.Locale = r.Locale;
        if (!string.IsNullOrWhiteSpace(r.TimeZone)) customer.TimeZone = r.TimeZone.Trim();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);

        // A browser that signs in as someone else starts afresh rather than seeing another's chat.
        if (visitor is null || visitor.CustomerId != customer.Id)
        {
            visitor = new Visitor { ChannelId = channel.Id, CustomerId = customer.Id, CreatedAt = now };
            db.Visitors.Add(visitor);
        }
        visitor.LastSeenAt = now;
        visitor.Address = r.Address;
        // Each page the shopper opens tells where they are now; what an earlier page said no longer holds.
        if (!string.IsNullOrEmpty(r.PageUrl))
        {
            (visitor.PageUrl, visitor.PageTitle, visitor.Referrer) = (r.PageUrl, ShopperContext.Title(r.PageTitle), NullIfEmpty(r.Referrer));
            (visitor.Browser, visitor.OperatingSystem, visitor.DeviceKind) = ShopperContext.Device(r.UserAgent, r.ScreenWidth);
            visitor.ContextUpdatedAt = now;
        }
        var newlyProven = verifiedId is not null && visitor.VerifiedBy != VerificationMethods.StoreLogin;
        if (verifiedId is not null)
            (visitor.VerifiedAt, visitor.VerifiedBy, visitor.ClaimedCustomerId) = (now, VerificationMethods.StoreLogin, null);
        var claimed = await ClaimEmail.ClaimAsync(db, visitor, r.Email, ct);
        // Signed out, or signed in as someone else: whoever holds the old token no longer reaches that customer's chat.
        if (signedIn is not null && signedIn != visitor) signedIn.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        // Signed in, the visitor's chats are the proven customer's; otherwise a typed address files them under whom it claims.
        var moved = newlyProven
            ? await ClaimEmail.RefileAsync(db, lifecycle, visitor.Id, visitor.CustomerId, verified: true, now, ct)
            : claimed
            ? await ClaimEmail.RefileAsync(db, lifecycle, visitor.Id, visitor.ClaimedCustomerId ?? visitor.CustomerId, verified: false, now, ct)
            : [];
        await tx.CommitAsync(ct);
        if (signedIn is not null && signedIn != visitor) sessions.Ended(signedIn.Id);
        foreach (var changed in moved) await mediator.Publish(changed, CancellationToken.None);

        var conversation = await db.Conversations.Where(c => c.VisitorId == visitor.Id)
            .OrderByDescending(c => c.Id).Select(c => new { c.Id, c.Status, c.AgentReadUpToId, c.VerificationRequestedAt }).FirstOrDefaultAsync(ct);
        var canVerify = await VerificationMailbox.FindAsync(db, channel, ct) is not null;
        var online = presence.AnyoneOnline;
        var hours = (await schedules.ForChannelAsync(channel.Id, ct)).StatusAt(now);
        return new WidgetSession(
            tokens.Issue(visitor.Id, channel.Id), conversation?.Id, customer.Id,
            hours.Open, hours.NextOpenAt, hours.NextCloseAt, expected.Minutes(online, hours, now), online, customer.Name, customer.Email,
            conversation?.Status, conversation?.AgentReadUpToId ?? 0, visitor.VerifiedAt is not null, canVerify,
            visitor.VerifiedAt is null && conversation?.VerificationRequestedAt is not null);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static bool IsStoreLogin(string kind) => kind is IdentityKinds.WidgetVerifiedId or IdentityKinds.StoreCustomerId;

    private static Customer NewCustomer(StartWidgetSession r, DateTime now) => new()
    {
        Name = SafeText.Name(r.Name) is { Length: > 0 } name ? name : CustomerNames.Visitor,
        Locale = r.Locale,
        CreatedAt = now,
    };

    /// <summary>The storefront proves who is logged in: hex HMAC-SHA256 of customerId under the channel secret.</summary>
    private static string Verify(Channel channel, WidgetIdentity identity)
    {
        if (string.IsNullOrEmpty(channel.Secret))
            throw new UnauthorizedException("This storefront does not accept verified identities.");
        if (!Signatures.HexHmacMatches(channel.Secret, Encoding.UTF8.GetBytes(identity.CustomerId!), identity.Signature))
            throw new UnauthorizedException("The identity signature is not valid.");
        return identity.CustomerId!;
    }
}
