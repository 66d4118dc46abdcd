namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// What every answer tells the browser. The inbox and the survey page run only their own files, talk only to
/// this site and are never framed (no clickjacking of an agent's buttons). The widget script carries no policy:
/// it runs on the shop's own page, under the shop's policy. The survey page's address holds its token, so it
/// names no referrer at all.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    // 'self' in connect-src also covers ws:// and wss:// to this host (CSP level 3), which the hubs use.
    // Attachment thumbnails may be a channel's own https files (Messenger's CDN), hence https: for images.
    private const string InboxPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string SurveyPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // The widget's preview runs the widget itself, framed only by the inbox's settings page.
    private const string WidgetPreviewPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public Task InvokeAsync(HttpContext http)
    {
        // Set as the answer starts, so that error pages (whose headers the exception handler clears) carry them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            var path = http.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            var survey = path.StartsWithSegments("/survey");
            headers["Referrer-Policy"] = survey ? "no-referrer" : "strict-origin-when-cross-origin";
            if (survey) headers.ContentSecurityPolicy = SurveyPolicy;
            else if (path.StartsWithSegments("/inbox")) headers.ContentSecurityPolicy = InboxPolicy;
            else if (path.Equals("/widget/preview.html", StringComparison.OrdinalIgnoreCase)) headers.ContentSecurityPolicy = WidgetPreviewPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    }
}
