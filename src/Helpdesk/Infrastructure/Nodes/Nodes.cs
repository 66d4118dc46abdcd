using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>
/// This node and, when <c>Redis:Configuration</c> is set, the others: a Redis connection for the state
/// they share and the news they tell one another. Every shared call is optional: while Redis is
/// unreachable, <see cref="Database"/> is null and a publish is skipped, so each node carries on with
/// what it knows itself, and the database stays the judge of everything acknowledged.
/// </summary>
public sealed class Nodes : IDisposable
{
    private readonly ConnectionMultiplexer? _redis;
    private readonly string _prefix;
    private readonly ILogger<Nodes> _log;

    public Nodes(IOptions<NodeOptions> options, ILogger<Nodes> log)
    {
        _log = log;
        _prefix = options.Value.ChannelPrefix + ":";
        Timeout = TimeSpan.FromSeconds(options.Value.NodeTimeoutSeconds);
        Id = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        if (string.IsNullOrWhiteSpace(options.Value.Configuration)) return;
        _redis = ConnectionMultiplexer.Connect(Redis(options.Value));
        _redis.ConnectionFailed += (_, e) => log.LogWarning("Redis unreachable ({Failure}): this node carries on alone until it returns", e.FailureType);
        _redis.ConnectionRestored += (_, _) =>
        {
            log.LogInformation("Redis reachable again: this node shares its state again");
            Restored?.Invoke();
        };
    }

    /// <summary>How Redis is reached, by the shared state and by SignalR's backplane alike.</summary>
    public static ConfigurationOptions Redis(NodeOptions options)
    {
        var redis = ConfigurationOptions.Parse(options.Configuration!);
        // A node starts and runs while Redis is away, and a call made meanwhile fails at once instead of waiting for it.
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ChannelPrefix = RedisChannel.Literal(options.ChannelPrefix + ":");
        return redis;
    }

    /// <summary>This node's name among the others, unique per process.</summary>
    public string Id { get; }

    /// <summary>Whether Redis is configured: several nodes may be running.</summary>
    public bool Shared => _redis is not null;

    /// <summary>Whether Redis can be asked now.</summary>
    public bool Connected => _redis?.IsConnected == true;

    /// <summary>How long a silent node still counts.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Raised when Redis is reachable again: what it lost must be shared again.</summary>
    public event Action? Restored;

    /// <summary>The one connection to Redis, which SignalR's backplane uses as well; null without Redis.</summary>
    public IConnectionMultiplexer? Connection => _redis;

    /// <summary>Redis, when reachable now; otherwise null.</summary>
    public IDatabase? Database => Connected ? _redis!.GetDatabase() : null;

    public RedisKey Key(string name) => _prefix + name;

    /// <summary>Tells the other nodes something; skipped (and logged) while Redis is unreachable.</summary>
    public void Publish(string topic, string message)
    {
        if (!Connected) return;
        try
        {
            _redis!.GetSubscriber().Publish(RedisChannel.Literal(topic), Id + "|" + message, CommandFlags.FireAndForget);
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Could not tell the other nodes about {Topic}", topic);
        }
    }

    /// <summary>Hears what the other nodes publish on a topic (not this node's own news). Kept across Redis restarts.</summary>
    public void Subscribe(string topic, Action<string> handler)
    {
        if (_redis is null) return;
        var own = Id + "|";
        try
        {
            _redis.GetSubscriber().Subscribe(RedisChannel.Literal(topic), (_, value) =>
            {
                var message = (string?)value;
                if (message is null || message.StartsWith(own, StringComparison.Ordinal)) return;
                try
                {
                    handler(message[(message.IndexOf('|') + 1)..]);
                }
                catch (Exception e)
                {
                    _log.LogError(e, "Handling another node's {Topic} failed", topic);
                }
            });
        }
        catch (Exception e)
        {
            // The subscription is registered all the same and made when Redis returns.
            _log.LogWarning(e, "Could not subscribe to {Topic} now", topic);
        }
    }

    /// <summary>Runs a shared-state call when Redis is reachable; otherwise, or when it fails, the fallback.</summary>
    public async Task<T> TryAsync<T>(Func<IDatabase, Task<T>> call, T fallback, string what)
    {
        if (Database is not { } db) return fallback;
        try
        {
            return await call(db);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _log.LogWarning(e, "Redis failed while {What}; this node goes on with its own knowledge", what);
            return fallback;
        }
    }

    /// <summary>The other nodes that have announced themselves within <see cref="Timeout"/>, with when each expires.</summary>
    public Task<Dictionary<string, DateTimeOffset>> OthersAsync() => TryAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var live = await db.SortedSetRangeByScoreWithScoresAsync(Key("nodes"), now.ToUnixTimeMilliseconds(), double.PositiveInfinity);
        return live.Where(n => n.Element != Id)
            .ToDictionary(n => (string)n.Element!, n => DateTimeOffset.FromUnixTimeMilliseconds((long)n.Score));
    }, [], "listing the nodes");

    public void Dispose() => _redis?.Dispose();
}
