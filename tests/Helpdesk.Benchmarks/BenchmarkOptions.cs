namespace Helpdesk.Benchmarks;

/// <summary>A problem with the command line or the environment: printed without a stack trace.</summary>
public sealed class BenchmarkException(string message) : Exception(message);

public sealed class BenchmarkOptions
{
    public string Scenario { get; private set; } = "chat";
    /// <summary>500, or 200 with --pin: the load that the pinned comparison's targets are set for.</summary>
    public int Shoppers => _shoppers ?? (Scenario == "nodes" ? 100 : Pin ? 200 : 500);
    private int? _shoppers;
    /// <summary>chat: the total messages/s offered in the latency phase, spread evenly over the (honest) shoppers.</summary>
    public int Rate => _rate ?? (Scenario == "nodes" ? 200 : FloodPercent > 0 ? 1000 : 2000);
    private int? _rate;
    public int Seconds { get; private set; } = 20;
    public int Warmup { get; private set; } = 5;
    /// <summary>chat: agents watching every conversation; queue: agents taking conversations at once.</summary>
    public int Agents => _agents ?? (Scenario switch { "queue" => 4, "reports" => 10, _ => 5 });
    /// <summary>queue: how many agents take at once in each phase: the one given, or one and then four.</summary>
    public int[] TakingAgents => _agents is { } n ? [n] : [1, 4];
    private int? _agents;
    public int Connections { get; private set; } = 5000;
    /// <summary>Idle connections share visitor tokens, as several tabs of one shopper do.</summary>
    public int Tokens { get; private set; } = 100;
    public int IdleWait { get; private set; } = 10;
    /// <summary>How many sessions or connections are opened at once, so setup does not look like a load spike.</summary>
    public int ConnectConcurrency { get; private set; } = 32;
    public int Conversations { get; private set; } = 1_000_000;
    /// <summary>queue: customers the conversations are spread over; webhooks: distinct customers ordering; mail: distinct senders.</summary>
    public int Customers => _customers ?? (Scenario is "queue" or "reports" or "search" ? 200_000 : 20_000);
    private int? _customers;
    /// <summary>queue: conversations each agent takes, after a short warm-up.</summary>
    public int Takes { get; private set; } = 500;
    /// <summary>queue: first queue pages read one after another, after a short warm-up.</summary>
    public int Pages { get; private set; } = 300;
    /// <summary>reports: orders over the two years before now (retention compares a period with the one before).</summary>
    public int Orders { get; private set; } = 300_000;
    /// <summary>reports: measured requests of each kind with roll-ups, one at a time, after a short warm-up.</summary>
    public int Requests { get; private set; } = 300;
    /// <summary>reports: measured requests of each kind without roll-ups (each reads the year's raw events).</summary>
    public int RawRequests { get; private set; } = 10;
    /// <summary>webhooks: deliveries in flight at once.</summary>
    public int Concurrency { get; private set; } = 32;
    public string? App { get; private set; }
    public string? Repo { get; private set; }
    public bool Keep { get; private set; }
    /// <summary>echo-server only: the port to listen on and the benchmark process to outlive no longer than.</summary>
    public int Port { get; private set; }
    public int? ParentPid { get; private set; }
    public bool Help { get; private set; }
    /// <summary>Chat while the storefront is closed: after-hours replies on top of the messages.</summary>
    public bool Closed { get; private set; }
    /// <summary>Each server under test on one core (taskset -c 0), the load generator on the other.</summary>
    public bool Pin { get; private set; }
    /// <summary>The database the helpdesk runs on: sqlite (a file in the run's folder) or postgres (a throwaway server there).</summary>
    public string Database { get; private set; } = BenchDatabase.Sqlite;
    /// <summary>chat: the helpdesk on SQLite, then on PostgreSQL, in one run, instead of against the echo hub.</summary>
    public bool CompareDatabases { get; private set; }
    /// <summary>chat: the percentage of shoppers that flood instead of chatting; 0 runs the plain chat benchmark.</summary>
    public int FloodPercent { get; private set; }
    /// <summary>Extra helpdesk settings (Key=Value), after the benchmark's own, so they can override them.</summary>
    public List<string> ServerSettings { get; } = [];
    /// <summary>chat-crash: seconds of chat load before the server is killed.</summary>
    public int KillAfter { get; private set; } = 5;

    public const string Usage = """
        Helpdesk load benchmark

          chat  [--shoppers 500] [--rate 2000] [--seconds 20] [--warmup 5] [--agents 5] [--closed]
                N shoppers send chat messages, first to the helpdesk, then to a bare SignalR echo hub, and
                compare. Each server gets two phases on the same connections, each with its own warm-up:
                capacity, a closed loop (send, await the durable ack, repeat); then ack latency at --rate
                messages/s in total, spread evenly over the shoppers. The storefront is open (business hours
                around the clock); with --closed it is closed, so every conversation also gets its after-hours reply.
          chat --pin [--shoppers 200] ...
                The same, with each server (helpdesk and echo hub alike) pinned to core 0 and the load generator
                to core 1, so both servers get exactly one core; the report adds each server's CPU use per phase.
                Targets for this mode: 200 shoppers, ≥ 0.5× the echo hub's capacity, p99 < 25 ms at 2,000 msg/s.
          chat --compare-databases [--pin] ...
                The helpdesk on SQLite, then on PostgreSQL (a throwaway server of the run's own, durable defaults),
                each through both phases on its own fresh database, in one run (no echo hub). With --pin the
                PostgreSQL server runs on the server's core too. Targets: PostgreSQL ≥ 0.7× SQLite's capacity,
                PostgreSQL p99 < 50 ms at --rate (2,000) msg/s.
          chat --flooders 10% [--shoppers 500] [--rate 1000] [--seconds 20] [--warmup 5] [--agents 5]
                That share of the shoppers floods the widget hub (typing on and off, too long and near-64 KB
                messages, each call as soon as the last is answered, reconnecting when dropped) while the others
                send --rate messages/s in total on a fixed schedule. Helpdesk only; the honest shoppers' ack
                latency is reported apart from what the flooders got.
          chat-crash [--shoppers 500] [--kill-after 5] [--closed]
                N shoppers chat flat out (each sends its next message once the last is acknowledged); after
                --kill-after seconds the helpdesk is killed with SIGKILL and restarted on the same database; each
                shopper reconnects with its visitor token and resends what was not acknowledged, with the same
                clientMessageId. Then the database must hold every acknowledged and every resent message exactly once.
          idle  [--connections 5000] [--tokens 100] [--idle-wait 10]
                Server memory per idle shopper connection.
          queue [--conversations 1000000] [--customers 200000] [--agents N] [--takes 500] [--pages 300]
                A large helpdesk written straight into the database, then the first queue page read one request
                at a time, and take-next by one agent, then by four at once (or by --agents N only).
          search [--conversations 1000000] [--customers 200000] [--requests 300]
                A large helpdesk (the queue scenario's data and an order for most customers) written straight into
                SQLite, indexed by the helpdesk's own triggers as it goes in; then an agent searches over HTTP, one
                request at a time, over a mix of words, words being typed, names, addresses and order numbers.
          reports [--conversations 1000000] [--customers 200000] [--orders 300000] [--agents 10] [--requests 300] [--raw-requests 10]
                A year (365 store days) of a busy shop's reporting events, customers and two years of orders written
                straight into the database; the helpdesk's own roll-up loop builds the days (timed); then an agent
                reads the year's summary, its heatmap and the last 30 days' summary over HTTP, one request at a time.
                The figures are checked against the events (today included, and after resolving a conversation), then
                the roll-ups are removed and the year is read from the raw events, which must answer the same.
                Target: the year's summary p99 < 200 ms with roll-ups. SQLite only.
          webhooks [--seconds 20] [--warmup 5] [--concurrency 32] [--customers 20000]
                Signed Shopify orders/create webhooks, as many in flight as --concurrency, ingested per second.
          mail [--seconds 20] [--warmup 5] [--concurrency 32] [--customers 20000]
                Signed inbound mails of about 10 KB (half of them answers in a thread), ingested per second.
          nodes [--shoppers 100] [--rate 200] [--seconds 20] [--warmup 5]
                Shopper → agent delivery through the Redis backplane, on PostgreSQL: first one node without Redis
                (shoppers and an agent on it), then two nodes on one PostgreSQL and one redis-server (started in
                the run's folder), shoppers on node A and agents on A and on B. Shoppers send --rate messages/s
                in total on a fixed schedule; latency runs from the send to the agent's MessageReceived.
                Target: the Redis hop adds < 5 ms at p99 (agent on B against the single node).
          echo-server --port P [--parent-pid PID]
                The bare echo hub alone; chat starts it by itself.

        Common options:
          --app <dir>                 a published helpdesk (Helpdesk.dll); default: publish src/Helpdesk first
          --repo <dir>                the repository root; default: the folder holding Helpdesk.sln, upward
          --connect-concurrency 32    sessions/connections opened at once
          --database sqlite|postgres  the helpdesk's database (--postgres for short): a SQLite file (default) or a throwaway PostgreSQL
                                      server started in the run's folder from /usr/lib/postgresql/*/bin (durable
                                      defaults, shared_buffers 1GB; as "nobody" under root)
          --keep                      keep the temporary data folder (database, server logs)
          --server-setting Key=Value  an extra helpdesk setting, such as RateLimits:WidgetSessionsPerMinute=100; repeatable

        Exit code: 0 all targets met, 1 a target missed, 2 the benchmark could not run, 130 cancelled.
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-')) o.Scenario = args[i++];
        for (; i < args.Length; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--shoppers": o._shoppers = Positive(name, Value(args, ref i)); break;
                case "--rate": o._rate = Positive(name, Value(args, ref i)); break;
                case "--seconds": o.Seconds = Positive(name, Value(args, ref i)); break;
                case "--warmup": o.Warmup = NonNegative(name, Value(args, ref i)); break;
                case "--agents": o._agents = NonNegative(name, Value(args, ref i)); break;
                case "--closed": o.Closed = true; break;
                case "--kill-after": o.KillAfter = Positive(name, Value(args, ref i)); break;
                case "--pin": o.Pin = true; break;
                case "--database": o.Database = DatabaseKind(name, Value(args, ref i)); break;
                case "--postgres": o.Database = BenchDatabase.Postgres; break;
                case "--compare-databases": o.CompareDatabases = true; break;
                case "--flooders": o.FloodPercent = Percent(name, Value(args, ref i)); break;
                case "--conversations": o.Conversations = Positive(name, Value(args, ref i)); break;
                case "--customers": o._customers = Positive(name, Value(args, ref i)); break;
                case "--takes": o.Takes = Positive(name, Value(args, ref i)); break;
                case "--pages": o.Pages = Positive(name, Value(args, ref i)); break;
                case "--orders": o.Orders = Positive(name, Value(args, ref i)); break;
                case "--requests": o.Requests = Positive(name, Value(args, ref i)); break;
                case "--raw-requests": o.RawRequests = Positive(name, Value(args, ref i)); break;
                case "--concurrency": o.Concurrency = Positive(name, Value(args, ref i)); break;
                case "--connections": o.Connections = Positive(name, Value(args, ref i)); break;
                case "--tokens": o.Tokens = Positive(name, Value(args, ref i)); break;
                case "--idle-wait": o.IdleWait = NonNegative(name, Value(args, ref i)); break;
                case "--connect-concurrency": o.ConnectConcurrency = Positive(name, Value(args, ref i)); break;
                case "--app": o.App = Path.GetFullPath(Value(args, ref i)); break;
                case "--repo": o.Repo = Path.GetFullPath(Value(args, ref i)); break;
                case "--keep": o.Keep = true; break;
                case "--server-setting": o.ServerSettings.Add(Setting(name, Value(args, ref i))); break;
                case "--port": o.Port = Positive(name, Value(args, ref i)); break;
                case "--parent-pid": o.ParentPid = Positive(name, Value(args, ref i)); break;
                case "-h" or "--help": o.Help = true; break;
                default: throw new BenchmarkException($"Unknown option '{name}'.\n\n{Usage}");
            }
        }
        if (o.Scenario is not ("chat" or "chat-crash" or "idle" or "queue" or "reports" or "search" or "webhooks" or "mail" or "echo-server" or "nodes"))
            throw new BenchmarkException($"Unknown scenario '{o.Scenario}'.\n\n{Usage}");
        if (o.CompareDatabases && (o.Scenario != "chat" || o.FloodPercent > 0))
            throw new BenchmarkException("--compare-databases is a mode of the plain chat scenario.");
        return o;
    }

    /// <summary>The repository: given, or found upward from the working folder, then from this program's folder.</summary>
    public string? FindRepo()
    {
        if (Repo is not null)
            return File.Exists(Path.Combine(Repo, "Helpdesk.sln")) ? Repo
                : throw new BenchmarkException($"--repo {Repo} holds no Helpdesk.sln.");
        return FindUpward(Environment.CurrentDirectory) ?? FindUpward(AppContext.BaseDirectory);
    }

    private static string? FindUpward(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Helpdesk.sln"))) return dir.FullName;
        return null;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new BenchmarkException($"{args[i - 1]} needs a value.");

    /// <summary>Below 100: at least one shopper is left to measure.</summary>
    private static int Percent(string name, string value) =>
        int.TryParse(value.TrimEnd('%'), out var n) && n is >= 0 and < 100 ? n
            : throw new BenchmarkException($"{name} must be a percentage from 0% to 99%.");

    private static string DatabaseKind(string name, string value) =>
        value.ToLowerInvariant() is BenchDatabase.Sqlite or BenchDatabase.Postgres ? value.ToLowerInvariant()
            : throw new BenchmarkException($"{name} must be sqlite or postgres.");

    private static string Setting(string name, string value) =>
        value.IndexOf('=') > 0 ? value : throw new BenchmarkException($"{name} must be Key=Value, such as RateLimits:SignInsPerMinute=100.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new BenchmarkException($"{name} must be a positive whole number.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, out var n) && n >= 0 ? n : throw new BenchmarkException($"{name} must be zero or more.");
}
