using Microsoft.AspNetCore.Authorization;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Ends a visitor's session for good: the widget calls it when the storefront's customer signs out,
/// and a shop may call it from its own sign-out. The token is refused from then on and the
/// visitor's open connections are closed.
/// </summary>
public sealed record EndWidgetSession(long VisitorId) : IRequest, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapDelete("/api/widget/sessions", async (HttpContext http, IMediator m) =>
            {
                await m.Send(new EndWidgetSession(http.User.VisitorId()), http.RequestAborted);
                return Results.NoContent();
            })
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = VisitorAuthenticationHandler.SchemeName })
            .RequireRateLimiting(RateLimitPolicies.WidgetSessions).RequireCors(StartWidgetSession.WidgetCors).WithTags("Widget");
}

public sealed class EndWidgetSessionHandler(VisitorSessions sessions) : IRequestHandler<EndWidgetSession, Unit>
{
    public async Task<Unit> Handle(EndWidgetSession r, CancellationToken ct)
    {
        await sessions.EndAsync(r.VisitorId, ct);
        return Unit.Value;
    }
}
