namespace Helpdesk.Features.Surveys;

/// <summary>
/// The survey page for any token; the page itself asks the API about its token. The token is in
/// the address, so it is never sent on as a referrer (see SecurityHeaders), and search engines are told to stay away.
/// </summary>
public sealed class SurveyPage : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/survey/{token}", (string token, IWebHostEnvironment env, HttpContext http) =>
            {
                http.Response.Headers["X-Robots-Tag"] = "noindex";
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(env.WebRootFileProvider.GetFileInfo("survey/index.html").CreateReadStream(), "text/html; charset=utf-8");
            })
            .AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Public).ExcludeFromDescription();
}
