using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// A page on another site cannot act with a signed-in agent's cookie: what the cookie authenticates (the
/// agent API, sign-in and sign-out, the inbox hub's negotiate and WebSocket upgrade) answers a browser
/// only from this site's own origin or a configured one. SameSite=Strict alone does not do it: a shop's
/// storefront on a sibling subdomain is the same site, and WebSockets carry cookies whatever the page.
/// Clients that send no Origin (other programs, the tests) are not browsers acting for someone else.
/// The widget and webhooks, which the cookie does not authenticate, answer any origin.
/// </summary>
public sealed class SameOriginGuard(RequestDelegate next, IOptions<InboxOptions> options)
{
    private readonly HashSet<string> _allowed = options.Value.AllowedOrigins
        .Select(o => Normalize(new Uri(o))).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext http, IProblemDetailsService problems)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !UsesAgentCookie(http) || IsOwn(http.Request, origin))
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new()
        {
            HttpContext = http,
            ProblemDetails = { Status = 403, Title = "Requests from other sites are not accepted here." },
        });
    }

    /// <summary>"https://host" or "https://host:port", nothing more: what a browser sends as Origin.</summary>
    public static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !value.EndsWith('/') && uri.Query.Length == 0 && uri.UserInfo.Length == 0;

    private bool IsOwn(HttpRequest request, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var given)) return false; // "null" from a sandboxed frame, or junk
        var normalized = Normalize(given);
        return _allowed.Contains(normalized)
               || (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own)
                   && string.Equals(Normalize(own), normalized, StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalize(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";

    private static bool UsesAgentCookie(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/api/auth")) return true;
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata is null || metadata.GetMetadata<IAllowAnonymous>() is not null) return false;
        // Requiring authorization with the default scheme (or naming the cookie) means the cookie is what lets the caller in.
        return metadata.GetOrderedMetadata<IAuthorizeData>().Any(a =>
            string.IsNullOrEmpty(a.AuthenticationSchemes)
            || a.AuthenticationSchemes.Split(',', StringSplitOptions.TrimEntries).Contains(CookieAuthenticationDefaults.AuthenticationScheme));
    }
}
