using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Chat;

/// <summary>What the widget needs from a shop's Content-Security-Policy: the helpdesk's address, nothing inline.</summary>
public sealed class WidgetOnStrictShopTests
{
    [Fact]
    public async Task The_widgets_stylesheet_is_a_file_any_shop_can_load_and_its_preview_is_framed_only_by_the_helpdesk()
    {
        await using var app = new HelpdeskApp();
        var css = await app.Http().GetAsync("/widget/widget.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Empty(css.Headers.Where(h => h.Key == "Content-Security-Policy"));
        Assert.Contains(":host", await css.Content.ReadAsStringAsync());

        var preview = await app.Http().GetAsync("/widget/preview.html");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var policy = string.Join(" ", preview.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
    }

    [Theory]
    [InlineData("wwwroot/widget/widget.js")]
    [InlineData("wwwroot/widget/preview.js")]
    public void The_widget_sets_no_inline_style_a_shops_policy_would_refuse(string file)
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), file));
        // A <style> element, a style attribute or markup strings: refused under style-src without 'unsafe-inline'.
        // Style properties set through the CSSOM (element.style.setProperty) are allowed and are what the widget uses.
        Assert.DoesNotMatch(new Regex(@"[""'`]style[""'`]|<style|\sstyle\s*=|setAttribute\(\s*[""']style|innerHTML|cssText", RegexOptions.IgnoreCase), script);
    }

    [Fact]
    public void The_preview_page_holds_no_inline_script_or_style()
    {
        var html = File.ReadAllText(Path.Combine(RepositoryRoot(), "wwwroot/widget/preview.html"));
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
