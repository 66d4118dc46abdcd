using Helpdesk.Features.Channels;

namespace Helpdesk.Features.Chat;

/// <summary>
/// How a storefront's widget looks, by its public key: what any visitor of the shop may see, and nothing
/// else of the channel (never its secret or other settings). Asked for before any session, so the
/// launcher has the shop's colour and corner at once; browsers and proxies may cache it for a while.
/// </summary>
public sealed record GetWidgetConfig(string? Key) : IRequest<WidgetConfig>, IEndpoint
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/widget/config", async (string? key, HttpContext http, IMediator m) =>
            {
                var config = await m.Send(new GetWidgetConfig(key), http.RequestAborted);
                http.Response.Headers.CacheControl = $"public, max-age={(int)CacheFor.TotalSeconds}";
                return config;
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).RequireCors(StartWidgetSession.WidgetCors).WithTags("Widget");
}

/// <param name="Color">The shop's colour (#rrggbb), or null for the widget's own.</param>
/// <param name="Position"><c>bottom-right</c> or <c>bottom-left</c>.</param>
/// <param name="Greeting">The first words in the chat by language; a language without one gets the widget's own.</param>
public sealed record WidgetConfig(string? Color, string Position, IReadOnlyDictionary<string, string> Greeting);

public sealed class GetWidgetConfigValidator : AbstractValidator<GetWidgetConfig>
{
    public GetWidgetConfigValidator() => RuleFor(r => r.Key).NotEmpty().MaximumLength(100).OverridePropertyName("key");
}

public sealed class GetWidgetConfigHandler(HelpdeskDbContext db) : IRequestHandler<GetWidgetConfig, WidgetConfig>
{
    public async Task<WidgetConfig> Handle(GetWidgetConfig r, CancellationToken ct)
    {
        var json = await db.Channels.AsNoTracking()
            .Where(c => c.PublicKey == r.Key && c.Kind == ChannelKinds.Storefront)
            .Select(c => c.SettingsJson).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Storefront");
        var settings = ChannelSettings.Read<StorefrontSettings>(json);
        return new WidgetConfig(settings.Color?.ToLowerInvariant(), settings.Position ?? WidgetPositions.BottomRight,
            settings.Greeting ?? new Dictionary<string, string>());
    }
}
