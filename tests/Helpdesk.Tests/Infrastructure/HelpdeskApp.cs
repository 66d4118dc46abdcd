using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// The real helpdesk on Kestrel with a real SQLite file in a temp folder, or, when the suite runs on
/// PostgreSQL (<see cref="PostgresServer.ForSuite"/>), a database of its own on the tests' server.
/// Several instances may open the same folder (and so the same database) one after another to test restarts.
/// </summary>
public sealed class HelpdeskApp : WebApplicationFactory<Program>, IHelpdeskHost
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "admin-password-1";

    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;

    public string DataDirectory { get; }

    /// <param name="time">The app's clock, for tests that move time (business hours, due times).</param>
    /// <param name="services">Changes to the app's services, such as a listener that fails.</param>
    public HelpdeskApp(
        string? dataDirectory = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        _time = time;
        _services = services;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("helpdesk-test-").FullName;
        _settings = new()
        {
            ["DataDirectory"] = DataDirectory,
            ["Database:Provider"] = PostgresServer.ForSuite ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Helpdesk"] = PostgresServer.ForSuite
                ? PostgresServer.DatabaseFor(DataDirectory)
                : $"Data Source={Path.Combine(DataDirectory, "helpdesk.db")}",
            ["DataProtection:KeysDirectory"] = Path.Combine(DataDirectory, "keys"),
            ["Seed:Demo"] = "false",
            ["Seed:AdminEmail"] = AdminEmail,
            ["Seed:AdminPassword"] = AdminPassword,
            ["RateLimits:WidgetSessionsPerMinute"] = "10000",
            ["RateLimits:VisitorMessagesPerMinute"] = "10000",
            ["RateLimits:SignInsPerMinute"] = "10000",
            // Every test participant comes from 127.0.0.1; tests of the limits lower them again.
            ["RateLimits:HubCallsPerMinute"] = "10000",
            ["RateLimits:HubCallsPerAddressPerMinute"] = "100000",
            ["RateLimits:WebhooksPerMinute"] = "100000",
            ["RateLimits:PublicPerMinute"] = "10000",
            ["RateLimits:OffersPerAddress"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? []) _settings[k] = v;
        UseKestrel(0);
    }

    /// <summary>The app's database as command-line settings, for another process on the same data.</summary>
    public string[] DatabaseArguments =>
        [$"--Database:Provider={_settings["Database:Provider"]}", $"--ConnectionStrings:Helpdesk={_settings["ConnectionStrings:Helpdesk"]}"];

    public bool OnPostgres => string.Equals(_settings["Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection of the test's own to the app's database (SQLite or PostgreSQL), opened.</summary>
    public async Task<System.Data.Common.DbConnection> OpenDatabaseAsync()
    {
        System.Data.Common.DbConnection connection = OnPostgres
            ? new Npgsql.NpgsqlConnection(_settings["ConnectionStrings:Helpdesk"])
            : new Microsoft.Data.Sqlite.SqliteConnection(_settings["ConnectionStrings:Helpdesk"] + ";Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSolutionRelativeContentRoot("");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_time is not null) builder.ConfigureTestServices(s => s.AddSingleton(_time));
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    private Uri? _address;

    /// <summary>The real address Kestrel listens on.</summary>
    public Uri Address
    {
        get
        {
            if (_address is not null) return _address;
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return _address = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }

    public HttpClient Http(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = Address };

    public async Task<Agent> SignInAsync(string email = AdminEmail, string password = AdminPassword)
    {
        var cookies = new CookieContainer();
        var http = Http(cookies);
        var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Agent(this, http, cookies, me.GetProperty("id").GetInt64(), me.GetProperty("name").GetString()!);
    }

    public async Task<long> CreateStorefrontAsync(Agent admin, string? secret = null) =>
        (await CreateStorefrontChannelAsync(admin, secret)).Id;

    public async Task<(long Id, string PublicKey)> CreateStorefrontChannelAsync(Agent admin, string? secret = null)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/channels",
            new { kind = "storefront", name = "Test shop", secret = secret ?? "storefront-secret-0123456789" });
        response.EnsureSuccessStatusCode();
        var channel = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (channel.GetProperty("id").GetInt64(), channel.GetProperty("publicKey").GetString()!);
    }

    public Task<Shopper> ShopperAsync(string publicKey, string name = "Shopper", string? visitorToken = null) =>
        ShopperAsync(new { publicKey, name, visitorToken });

    /// <summary>A shopper whose widget starts its session with this request body, connected to the widget hub.</summary>
    /// <param name="forwardedFor">The shopper's address as a configured proxy reports it (X-Forwarded-For).</param>
    public async Task<Shopper> ShopperAsync(object sessionRequest, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/sessions") { Content = JsonContent.Create(sessionRequest) };
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        var response = await Http().SendAsync(request);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<JsonElement>();
        var shopper = new Shopper(this, session.GetProperty("visitorToken").GetString()!, session, forwardedFor);
        await shopper.ConnectAsync();
        return shopper;
    }

    /// <summary>What a storefront signs for its logged-in customer: lowercase hex HMAC-SHA256 of the id under the channel secret.</summary>
    public static string IdentitySignature(string secret, string customerId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(customerId)));

    /// <summary>Records an order through the order API, keyed by a channel's secret, as any store would.</summary>
    public async Task<JsonElement> SubmitOrderAsync(string secret, object order)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(order) };
        request.Headers.Add("X-Api-Key", secret);
        var response = await Http().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A channel of any kind, created by an admin through the API.</summary>
    public static async Task<long> CreateChannelAsync(Agent admin, string kind, string secret, object? settings = null, string? name = null)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/channels", new { kind, name = name ?? $"Test {kind}", secret, settings });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>"sha256=" + lowercase hex HMAC-SHA256 of the body: X-Helpdesk-Signature and Meta's X-Hub-Signature-256.</summary>
    public static string Sha256Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A webhook delivery signed as the channel's provider signs it.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(
        string path, byte[] body, string secret, string contentType = "application/json", string header = "X-Helpdesk-Signature",
        string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(header, signature ?? Sha256Signature(secret, body));
        return Http().SendAsync(request);
    }

    public HubConnection Hub(string path, Action<HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                configure(o);
            })
            .Build();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
