using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Web;

/// <summary>What every answer tells the browser: the inbox and survey pages run only their own scripts and are never framed.</summary>
public sealed class SecurityHeadersTests
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : "";

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Contains(' ') ? d[(d.IndexOf(' ') + 1)..] : "");

    [Theory]
    [InlineData("/inbox/")]
    [InlineData("/inbox/app.js")]
    [InlineData("/survey/abcdefghijklmnopqrstuvwxyz")]
    public async Task The_inbox_and_survey_pages_run_only_their_own_scripts_and_are_never_framed(string path)
    {
        await using var app = new HelpdeskApp();
        var response = await app.Http().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Directives(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", csp["script-src"]);
        Assert.Equal("'self'", csp["style-src"]);
        Assert.Equal("'none'", csp["frame-ancestors"]);
        Assert.Equal("'none'", csp["object-src"]);
        Assert.Equal("'none'", csp["base-uri"]);
        Assert.StartsWith("'self'", csp["connect-src"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_survey_page_never_passes_its_token_on_as_a_referrer()
    {
        await using var app = new HelpdeskApp();
        var response = await app.Http().GetAsync("/survey/abcdefghijklmnopqrstuvwxyz");
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("/inbox/")]
    [InlineData("/health")]
    [InlineData("/api/conversations")]
    [InlineData("/widget/widget.js")]
    [InlineData("/no-such-page")]
    public async Task Every_answer_is_read_as_what_it_says_it_is_and_names_only_this_site_to_others(string path)
    {
        await using var app = new HelpdeskApp();
        var response = await app.Http().GetAsync(path);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_widget_script_can_be_loaded_by_any_shop()
    {
        await using var app = new HelpdeskApp();
        var response = await app.Http().GetAsync("/widget/widget.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A policy on the script itself would mean nothing to the shop's page; a framing ban would not matter either.
        Assert.Equal("", Header(response, "Content-Security-Policy"));
        Assert.Equal("", Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task Browsers_are_told_to_keep_to_https_only_when_served_over_https()
    {
        await using var app = new HelpdeskApp(settings: new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/health");
        plain.Headers.Host = "helpdesk.shop.example";
        Assert.Equal("", Header(await app.Http().SendAsync(plain), "Strict-Transport-Security"));

        using var secure = new HttpRequestMessage(HttpMethod.Get, "/health");
        secure.Headers.Host = "helpdesk.shop.example";
        secure.Headers.Add("X-Forwarded-Proto", "https");
        Assert.Contains("max-age=", Header(await app.Http().SendAsync(secure), "Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("wwwroot/inbox/index.html")]
    [InlineData("wwwroot/survey/index.html")]
    public void The_pages_under_a_policy_hold_no_inline_script_or_style(string page)
    {
        var html = File.ReadAllText(Path.Combine(RepositoryRoot(), page));
        Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", RegexOptions.IgnoreCase), html);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Helpdesk.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
