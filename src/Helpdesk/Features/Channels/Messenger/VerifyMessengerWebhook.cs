namespace Helpdesk.Features.Channels.Messenger;

/// <summary>
/// Meta's subscription handshake: echo <c>hub.challenge</c> when <c>hub.verify_token</c> is the
/// channel's <c>settings.verifyToken</c>; anything else is refused without saying why.
/// </summary>
public sealed record VerifyMessengerWebhook(long ChannelId, string? Mode, string? VerifyToken, string? Challenge)
    : IRequest<string>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/webhooks/messenger/{channelId:long}", async (long channelId, HttpRequest request, IMediator m) =>
            {
                var q = request.Query;
                var challenge = await m.Send(new VerifyMessengerWebhook(channelId, q["hub.mode"], q["hub.verify_token"], q["hub.challenge"]),
                    request.HttpContext.RequestAborted);
                return Results.Text(challenge, "text/plain");
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Webhooks).WithTags("Channels");
}

public sealed class VerifyMessengerWebhookHandler(HelpdeskDbContext db, ChannelHealth health) : IRequestHandler<VerifyMessengerWebhook, string>
{
    public async Task<string> Handle(VerifyMessengerWebhook r, CancellationToken ct)
    {
        var settings = await db.Channels.AsNoTracking()
            .Where(c => c.Id == r.ChannelId && c.Kind == ChannelKinds.Messenger).Select(c => c.SettingsJson)
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Channel");
        var expected = ChannelSettings.Read<MessengerSettings>(settings).VerifyToken;
        if (r.Mode != "subscribe" || string.IsNullOrEmpty(r.Challenge) || !Signatures.SecretsMatch(expected, r.VerifyToken))
        {
            health.Rejected(r.ChannelId, RejectionReasons.VerifyToken);
            throw new ForbiddenException("The verify token does not match.");
        }
        // Meta's handshake is the first thing a page sends: the admin sees the subscription reached the helpdesk.
        health.Received(r.ChannelId);
        return r.Challenge;
    }
}
