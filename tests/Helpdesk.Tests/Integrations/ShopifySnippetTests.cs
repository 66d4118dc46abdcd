using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Values;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Integrations;

/// <summary>
/// The theme snippet in integrations/shopify, rendered as Shopify renders it, then used by the widget's
/// own session call against the real app: what a shop pastes is what these tests prove.
/// </summary>
public sealed partial class ShopifySnippetTests : IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private const long ShopifyCustomerId = 7100042;
    private const string Email = "mette.kristensen@example.com";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private long _shopify;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin, Secret)).PublicKey;
        _shopify = await HelpdeskApp.CreateChannelAsync(_admin, "shopify", "shpss_0123456789abcdef0123");
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public void The_hmac_filter_used_here_gives_Shopifys_documented_output()
    {
        // The example on shopify.dev/docs/api/liquid/filters/hmac_sha256.
        Assert.Equal("8e0d5d65cff1242a4af66c8f4a32854fd5fb80edcc8aabe9b302b29c7c71dc20",
            Render("{{ 'Polyjuice' | hmac_sha256: 'Polina' }}", new Dictionary<string, object?>()));
    }

    [Fact]
    public async Task A_signed_in_Shopify_customer_is_proven_as_the_store_customer_their_orders_belong_to()
    {
        var order = new ShopifyOrderBuilder().Customer(ShopifyCustomerId, Email);
        (await _admin.Http.SendAsync(ShopifyOrderBuilder.Request(_shopify, "shpss_0123456789abcdef0123", "orders/create", order.Json)))
            .EnsureSuccessStatusCode();
        var storeCustomer = Assert.Single((await _admin.Http.GetFromJsonAsync<JsonElement[]>($"/api/customers?query={Uri.EscapeDataString(Email)}"))!);

        var page = RenderSnippet(SignedIn(ShopifyCustomerId, Email), Secret);
        Assert.DoesNotContain(Secret, page);
        var tag = ScriptTag(page);
        Assert.Equal(new Uri(_app.Address, "widget/widget.js").ToString(), tag["src"]);
        Assert.Equal(ShopifyCustomerId.ToString(), tag["data-customer-id"]);

        var response = await StartSessionAsync(tag);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(storeCustomer.GetProperty("id").GetInt64(), session.GetProperty("customerId").GetInt64());
        Assert.True(session.GetProperty("verified").GetBoolean());
        Assert.Equal("Mette Kristensen", session.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_customer_id_changed_in_the_page_is_refused()
    {
        var tag = ScriptTag(RenderSnippet(SignedIn(ShopifyCustomerId, Email), Secret));
        tag["data-customer-id"] = (ShopifyCustomerId + 1).ToString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await StartSessionAsync(tag)).StatusCode);
    }

    [Fact]
    public async Task Signed_out_the_snippet_carries_no_identity_and_the_signed_in_chat_ends()
    {
        var signedIn = await (await StartSessionAsync(ScriptTag(RenderSnippet(SignedIn(ShopifyCustomerId, Email), Secret))))
            .Content.ReadFromJsonAsync<JsonElement>();

        var tag = ScriptTag(RenderSnippet(customer: null, Secret));
        Assert.Equal(["async", "data-key", "src"], tag.Keys.Order());
        var next = await (await StartSessionAsync(tag, signedIn.GetProperty("visitorToken").GetString()))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(signedIn.GetProperty("customerId").GetInt64(), next.GetProperty("customerId").GetInt64());
        Assert.False(next.GetProperty("verified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("email").ValueKind);
    }

    [Fact]
    public void Without_the_secret_metafield_a_signed_in_customer_gets_no_identity()
    {
        var tag = ScriptTag(RenderSnippet(SignedIn(ShopifyCustomerId, Email), secret: null));
        Assert.Equal(["async", "data-key", "src"], tag.Keys.Order());
    }

    [Fact]
    public void A_customer_email_cannot_break_out_of_its_attribute()
    {
        const string hostile = "\"><img src=x onerror=alert(1)>@example.com";
        var page = RenderSnippet(SignedIn(ShopifyCustomerId, hostile), Secret);
        Assert.DoesNotContain("<img", page);
        Assert.Equal(hostile, ScriptTag(page)["data-customer-email"]);
    }

    private Task<HttpResponseMessage> StartSessionAsync(IReadOnlyDictionary<string, string> tag, string? visitorToken = null)
    {
        // What widget.js sends from its tag's data attributes.
        var identity = tag.TryGetValue("data-customer-id", out var id) && tag.TryGetValue("data-signature", out var signature)
            ? new { customerId = id, email = tag.GetValueOrDefault("data-customer-email"), signature }
            : null;
        return _app.Http().PostAsJsonAsync("/api/widget/sessions", new { publicKey = tag["data-key"], visitorToken, identity });
    }

    private static Dictionary<string, object?> SignedIn(long id, string email) => new()
    {
        ["id"] = id, ["email"] = email, ["first_name"] = "Mette", ["last_name"] = "Kristensen",
    };

    /// <summary>The snippet as a shop installs it: the two values set, the secret in the shop metafield.</summary>
    private string RenderSnippet(Dictionary<string, object?>? customer, string? secret)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Helpdesk.sln"))) root = Path.GetDirectoryName(root)!;
        var snippet = File.ReadAllText(Path.Combine(root, "integrations", "shopify", "helpdesk-widget.liquid"))
            .Replace("'https://helpdesk.example.com'", $"'{_app.Address.ToString().TrimEnd('/')}'")
            .Replace("'PUBLIC_KEY'", $"'{_publicKey}'");

        var metafields = new Dictionary<string, object?>();
        if (secret is not null)
            metafields["helpdesk"] = new Dictionary<string, object?>
            {
                ["identity_secret"] = new Dictionary<string, object?> { ["type"] = "single_line_text_field", ["value"] = secret },
            };
        var model = new Dictionary<string, object?>
        {
            ["shop"] = new Dictionary<string, object?> { ["name"] = "Nordlys Outdoor", ["metafields"] = metafields },
        };
        if (customer is not null) model["customer"] = customer;
        return Render(snippet, model);
    }

    private static string Render(string source, Dictionary<string, object?> model)
    {
        var options = new TemplateOptionsBuilder()
            .WithStrictFilters(true) // a filter Shopify lacks would fail here too
            .AddFilter("hmac_sha256", HmacSha256)
            .Build();
        Assert.True(new FluidParser().TryParse(source, out var template, out var error), error);
        var context = new TemplateContext(options);
        foreach (var (name, value) in model) context.SetValue(name, value);
        return template.Render(context);
    }

    /// <summary>Shopify's hmac_sha256: the input keyed by the argument, as lowercase hex.</summary>
    private static ValueTask<FluidValue> HmacSha256(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new(FluidValue.Create(Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(arguments.At(0).ToStringValue(context)), Encoding.UTF8.GetBytes(input.ToStringValue(context)))), context.Options));

    /// <summary>The attributes of the one script tag the snippet renders, HTML-decoded as the browser reads them.</summary>
    private static Dictionary<string, string> ScriptTag(string page)
    {
        var tag = Assert.Single(ScriptTagPattern().Matches(page)).Groups["attributes"].Value;
        return AttributePattern().Matches(tag).ToDictionary(
            m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Success ? m.Groups["value"].Value : ""));
    }

    [GeneratedRegex(@"<script(?<attributes>[^>]*)>\s*</script>")]
    private static partial Regex ScriptTagPattern();

    [GeneratedRegex(@"(?<name>[a-z-]+)(=""(?<value>[^""]*)"")?")]
    private static partial Regex AttributePattern();
}
