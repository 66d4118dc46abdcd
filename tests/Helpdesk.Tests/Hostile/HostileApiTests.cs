using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Helpdesk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Helpdesk.Tests.Hostile;

/// <summary>
/// Every operation in the app's own OpenAPI document, fed wrong types, nulls, huge and unicode-edge
/// values, signed and unsigned, signed in and anonymous: never a 5xx, and a refusal changes nothing.
/// </summary>
public sealed partial class HostileApiTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "hostile-secret-0123456789";
    private static readonly HashSet<HttpStatusCode> Refusals =
    [
        HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed,
        HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.Forbidden,
    ];

    private readonly HelpdeskApp _app = new(settings: new()
    {
        ["RateLimits:WidgetSessionsPerMinute"] = "1000000",
        ["RateLimits:VisitorMessagesPerMinute"] = "1000000",
        ["RateLimits:SignInsPerMinute"] = "1000000",
    });
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, long> _ids = [];
    private Agent _admin = null!;
    private string _publicKey = null!;
    private string _visitorToken = null!;
    private DatabaseFingerprint _fingerprint = null!;
    private readonly Dictionary<int, int> _statuses = [];
    private TimeSpan _slowest;
    private string _slowestRequest = "";

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        (_ids["storefront"], _publicKey) = await _app.CreateStorefrontChannelAsync(_admin, Secret);
        _ids["email"] = await HelpdeskApp.CreateChannelAsync(_admin, "email", Secret, new { address = "support@shop.example" });
        _ids["messenger"] = await HelpdeskApp.CreateChannelAsync(_admin, "messenger", Secret,
            new { verifyToken = "verify", pageAccessToken = "page-token", graphApiBaseUrl = "http://127.0.0.1:9" });
        _ids["marketplace"] = await HelpdeskApp.CreateChannelAsync(_admin, "marketplace", Secret, new { replyUrl = "http://127.0.0.1:9/reply" });
        _ids["shopify"] = await HelpdeskApp.CreateChannelAsync(_admin, "shopify", Secret);

        await using var shopper = await _app.ShopperAsync(_publicKey, "Hostile Tester");
        var message = await shopper.SendAsync("Where is my parcel?");
        _visitorToken = shopper.Token;
        _ids["conversation"] = message.ConversationId;
        _ids["message"] = message.Id;
        _ids["customer"] = shopper.Session.GetProperty("customerId").GetInt64();
        var created = await _admin.Http.PostAsJsonAsync("/api/agents",
            new { name = "Target Agent", email = "target@example.com", password = "target-password-1", role = "agent", chatCapacity = 3 });
        created.EnsureSuccessStatusCode();
        _ids["agent"] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        _fingerprint = await DatabaseFingerprint.OpenAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _fingerprint.DisposeAsync();
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Every_operation_answers_hostile_input_without_a_server_error_and_a_refusal_changes_nothing()
    {
        var document = JsonNode.Parse(await _admin.Http.GetStringAsync("/openapi/v1.json"))!;
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                operations++;
                await AttackAsync(document, new HttpMethod(method.ToUpperInvariant()), path, operation!);
            }

        output.WriteLine($"{operations} operations, {_statuses.Values.Sum()} requests: "
            + string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Value}× {s.Key}")) + $"; slowest {_slowest.TotalMilliseconds:F0} ms: {_slowestRequest}");
        Assert.True(operations >= 40, $"Only {operations} operations were found in the OpenAPI document.");
        Assert.Equal(HttpStatusCode.OK, (await _app.Http().GetAsync("/health")).StatusCode);
        Assert.True(_failures.Count == 0, string.Join("\n", _failures.Take(60)) + $"\n({_failures.Count} failures)");
        Assert.True(_slowest < TimeSpan.FromSeconds(5), $"The slowest answer took {_slowest.TotalMilliseconds:F0} ms: {_slowestRequest}");
    }

    private async Task AttackAsync(JsonNode document, HttpMethod method, string template, JsonNode operation)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => (Name: (string)p!["name"]!, In: (string)p["in"]!)).ToList() ?? [];
        var pathParameters = parameters.Where(p => p.In == "path").Select(p => p.Name).ToList();
        var queryParameters = parameters.Where(p => p.In == "query").Select(p => p.Name).ToList();
        var content = operation["requestBody"]?["content"]?.AsObject();
        var jsonSchema = content?["application/json"]?["schema"];
        var contentType = content?.Select(c => c.Key).FirstOrDefault();
        var baseBody = jsonSchema is null ? null : Sample(document, jsonSchema, depth: 0);
        var basePath = Fill(template, pathParameters, null, null);
        // Signing out, done by the admin, would end the rest of the run; it is attacked anonymously only.
        var signedIn = !(method == HttpMethod.Post && template == "/api/auth/logout");

        foreach (var name in pathParameters)
            foreach (var value in HostileValues.PathSegments)
                await SendAsync(method, template, Fill(template, pathParameters, name, value), baseBody?.ToJsonString(), contentType, signedIn);

        if (method == HttpMethod.Delete) return;

        foreach (var name in queryParameters)
            foreach (var value in HostileValues.QueryValues)
                await SendAsync(method, template, $"{basePath}?{name}={value}", baseBody?.ToJsonString(), contentType, signedIn);

        if (contentType is null) return;
        foreach (var body in HostileValues.Bodies())
            await SendAsync(method, template, basePath, body, contentType, signedIn);
        await SendAsync(method, template, basePath, baseBody?.ToJsonString() ?? "{}", "text/plain", signedIn);
        if (baseBody is JsonObject properties)
            foreach (var name in properties.Select(p => p.Key).ToList())
                foreach (var value in HostileValues.JsonValues())
                {
                    var mutated = (JsonObject)properties.DeepClone();
                    mutated.Remove(name);
                    var text = mutated.ToJsonString();
                    text = text.Length == 2 ? $"{{\"{name}\":{value}}}" : $"{{\"{name}\":{value},{text[1..]}";
                    await SendAsync(method, template, basePath, text, contentType, signedIn);
                }
        await SendAsync(method, template, basePath, baseBody?.ToJsonString() ?? "{}", contentType, signedIn: false);
    }

    private async Task SendAsync(HttpMethod method, string template, string path, string? body, string? contentType, bool signedIn)
    {
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(method, path);
        if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }
        Sign(request, template, bytes ?? []);
        var before = await _fingerprint.ReadAsync();
        var client = signedIn ? _admin.Http : _app.Http();
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            _failures.Add($"{method} {Short(path)} [{Short(body)}]: the connection failed: {e.Message}");
            return;
        }
        watch.Stop();
        if (watch.Elapsed > _slowest) (_slowest, _slowestRequest) = (watch.Elapsed, $"{method} {Short(path)} [{Short(body)}]");
        var status = (int)response.StatusCode;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        if (status >= 500)
            _failures.Add($"{method} {Short(path)} [{Short(body)}] → {status} {Short(await response.Content.ReadAsStringAsync())}");
        else if (Refusals.Contains(response.StatusCode) && await _fingerprint.ReadAsync() != before)
            _failures.Add($"{method} {Short(path)} [{Short(body)}] → {status}, but the database changed");
        response.Dispose();
    }

    /// <summary>Webhooks and the order API are signed as their senders sign them, so that hostile bodies reach the parsers.</summary>
    private void Sign(HttpRequestMessage request, string template, byte[] body)
    {
        var hex = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        if (template.StartsWith("/api/webhooks/shopify"))
        {
            request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body)));
            request.Headers.Add("X-Shopify-Topic", "orders/create");
            request.Headers.Add("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
        }
        else if (template.StartsWith("/api/webhooks/messenger")) request.Headers.Add("X-Hub-Signature-256", hex);
        else if (template.StartsWith("/api/webhooks/")) request.Headers.Add("X-Helpdesk-Signature", hex);
        else if (template == "/api/orders") request.Headers.Add("X-Api-Key", Secret);
        else if (template.StartsWith("/api/widget/")) request.Headers.Authorization = new("Bearer", _visitorToken);
    }

    /// <summary>The path with real ids of what the run created, one parameter replaced by a hostile value.</summary>
    private string Fill(string template, List<string> names, string? hostileName, string? hostileValue) =>
        PathParameter().Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            if (name == hostileName) return hostileValue!;
            return name switch
            {
                "channelId" when template.StartsWith("/api/webhooks/") => _ids[template.Split('/')[3]].ToString(),
                "messageId" => _ids["message"].ToString(),
                "token" => "unknown-token",
                _ when template.StartsWith("/api/channels") => _ids["storefront"].ToString(),
                _ when template.StartsWith("/api/conversations") => _ids["conversation"].ToString(),
                _ when template.StartsWith("/api/customers") => _ids["customer"].ToString(),
                _ when template.StartsWith("/api/agents") => _ids["agent"].ToString(),
                _ => "1",
            };
        });

    /// <summary>A plausible value of a schema: strings, numbers and false, objects with every property.</summary>
    private static JsonNode? Sample(JsonNode document, JsonNode schema, int depth)
    {
        if (depth > 5) return null;
        if (schema["$ref"] is { } reference)
            return Sample(document, document["components"]!["schemas"]![((string)reference!).Split('/').Last()]!, depth + 1);
        if (schema["oneOf"] is JsonArray oneOf)
            return oneOf.Where(s => !Types(s!).SequenceEqual(["null"])).Select(s => Sample(document, s!, depth + 1)).FirstOrDefault();
        var types = Types(schema);
        if (types.Contains("object") || schema["properties"] is not null)
        {
            var result = new JsonObject();
            foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                result[name] = Sample(document, property!, depth + 1);
            return result;
        }
        if (types.Contains("array")) return new JsonArray();
        if (types.Contains("integer") || types.Contains("number")) return 1;
        if (types.Contains("boolean")) return false;
        if (types.Contains("string")) return "x";
        return null;
    }

    private static string[] Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToArray(),
        JsonValue one => [(string)one!],
        _ => [],
    };

    private static string Short(string? text) =>
        text is null ? "" : text.Length <= 120 ? text : text[..100] + $"…({text.Length} chars)";

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex PathParameter();
}
