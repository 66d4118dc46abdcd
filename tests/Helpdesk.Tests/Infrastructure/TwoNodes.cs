using System.Net.Http.Json;
using System.Text.Json;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// Two real helpdesk processes on one PostgreSQL database (which holds the key ring as well) and one
/// Redis, as a shop that outgrew one machine runs them, behind no balancer. Each pair has its own
/// prefix on the Redis, as several helpdesks sharing one. Used as a class fixture, the pair is shared
/// by tests that leave both nodes running; tests that kill one start their own.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public const string StoreSecret = "storefront-secret-0123456789";

    private readonly string _data = Directory.CreateTempSubdirectory("helpdesk-nodes-").FullName;
    private readonly string _prefix = "test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RedisServer _redis;
    private readonly Dictionary<string, string?>? _extraA;
    private readonly Dictionary<string, string?>? _extraB;

    public NodeProcess A { get; private set; } = null!;
    public NodeProcess B { get; private set; } = null!;

    /// <summary>The shared pair: surveys link to a public address, and only A's survey loop looks often (B's every ten minutes).</summary>
    public TwoNodes() : this(null,
        new() { ["Store:PublicUrl"] = "https://help.shop.example", ["Surveys:PollMilliseconds"] = "50" },
        new() { ["Store:PublicUrl"] = "https://help.shop.example", ["Surveys:PollMilliseconds"] = "600000" })
    {
    }

    internal TwoNodes(RedisServer? redis, Dictionary<string, string?>? extra = null, Dictionary<string, string?>? extraB = null)
    {
        _redis = redis ?? RedisServer.Shared;
        _extraA = extra;
        _extraB = extraB ?? extra;
    }

    public async Task InitializeAsync()
    {
        var database = PostgresServer.DatabaseFor(_data);
        NodeProcess Node(string name, Dictionary<string, string?>? own)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Helpdesk"] = database,
                ["Smtp:PickupDirectory"] = Path.Combine(_data, "pickup"),
                ["Redis:Configuration"] = _redis.Configuration,
                ["Redis:ChannelPrefix"] = _prefix,
                ["Redis:NodeTimeoutSeconds"] = "3",
                ["Outbox:PollMilliseconds"] = "100",
            };
            foreach (var (k, v) in own ?? []) settings[k] = v;
            return new NodeProcess(name, settings);
        }
        // One after the other: the first seeds the admin.
        A = Node("A", _extraA);
        await A.StartAsync();
        B = Node("B", _extraB);
        await B.StartAsync();
    }

    /// <summary>A storefront channel made by the admin signed in on <paramref name="node"/>.</summary>
    public static async Task<(Agent Admin, string PublicKey, long ChannelId)> ShopAsync(NodeProcess node)
    {
        var admin = await node.SignInAsync();
        var response = await admin.Http.PostAsJsonAsync("/api/channels", new { kind = "storefront", name = "Test shop", secret = StoreSecret });
        response.EnsureSuccessStatusCode();
        var channel = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (admin, channel.GetProperty("publicKey").GetString()!, channel.GetProperty("id").GetInt64());
    }

    /// <summary>A new agent, made by an admin; signs in wherever the test likes.</summary>
    public static async Task<(string Email, string Password)> NewAgentAsync(Agent admin)
    {
        var email = $"agent-{Guid.NewGuid():N}@example.com";
        const string password = "agent-password-1";
        (await admin.Http.PostAsJsonAsync("/api/agents", new { name = "Jonas", email, password, role = "agent", chatCapacity = 3 }))
            .EnsureSuccessStatusCode();
        return (email, password);
    }

    public static async Task<string> PresenceOnAsync(Agent viewer, long agentId)
    {
        var agents = await viewer.Http.GetFromJsonAsync<JsonElement[]>("/api/agents");
        return agents!.Single(a => a.GetProperty("id").GetInt64() == agentId).GetProperty("presence").GetString()!;
    }

    public static async Task<string> HealthAsync(NodeProcess node)
    {
        using var http = node.Http();
        var response = await http.GetAsync("/health");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        // "200 Degraded redis=Degraded database=Healthy …": the overall status first, then each check's.
        var checks = report.GetProperty("checks").EnumerateObject().Select(c => $"{c.Name}={c.Value.GetProperty("status").GetString()}");
        return $"{(int)response.StatusCode} {report.GetProperty("status").GetString()} {string.Join(' ', checks)}";
    }

    public async Task DisposeAsync()
    {
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
    }
}
