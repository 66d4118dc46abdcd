using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Helpdesk.Benchmarks;

/// <summary>
/// Shopify order webhooks ingested per second: signed orders/create deliveries, --concurrency of them in flight,
/// each sent again as soon as it is answered (a closed loop, so the rate is what the helpdesk can take). A
/// delivery counts when it is answered 200, after the helpdesk has committed the order and its customer.
/// Afterwards a few deliveries are replayed to check that a replay is acknowledged and changes nothing.
/// </summary>
public static class WebhookScenario
{
    private const double TargetPerSecond = 1000;
    private const int TargetConcurrency = 32;
    private const int Replays = 5;

    private sealed record Load(HttpClosedLoop.Result Result, ConcurrentQueue<ShopifyOrders.Delivery> Samples)
    {
        public double PerSecond => Result.PerSecond;
        public LatencyStats Latency => Result.Latency;
        public long Accepted => Result.Latency.Count;
        public long Failed => Result.Failed;
        public string? FirstError => Result.FirstError;
    }

    public static async Task<int> RunAsync(BenchmarkOptions o, CancellationToken ct)
    {
        using var run = new RunDirectory(o.Keep);
        var repo = o.FindRepo();
        var app = await HelpdeskProcess.ResolveAppAsync(o, repo, run, ct);

        await using var database = await BenchDatabase.CreateAsync(o.Database, run, "helpdesk", ct);
        Report.Progress($"helpdesk: starting on {database.Name}");
        var password = HelpdeskProcess.NewPassword();
        var started = await HelpdeskProcess.StartAsync(app, repo, run, database, demo: false, password, o.ServerSettings, ct);
        await using var server = started.Server;
        using var admin = await HelpdeskApi.SignInAsync(server.BaseUrl, HelpdeskProcess.AdminEmail, password, ct);
        var secret = "shpss_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var channel = await HelpdeskApi.PostAsync(admin, "/api/channels", new { kind = "shopify", name = "Shop", secret }, ct);
        var path = $"/api/webhooks/shopify/{channel.GetProperty("id").GetInt64()}";

        var orders = new ShopifyOrders(secret, o.Customers);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = server.BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        Report.Progress($"webhooks: {o.Concurrency} in flight; {o.Warmup} s warm-up, {o.Seconds} s measured");
        var load = await DeliverAsync(http, path, orders, o.Concurrency, TimeSpan.FromSeconds(o.Warmup), TimeSpan.FromSeconds(o.Seconds), ct);

        Report.Progress($"webhooks: replaying {Math.Min(Replays, load.Samples.Count)} deliveries");
        var (replayed, unchanged, replayError) = await ReplayAsync(http, admin, path, orders, load.Samples, ct);

        var (errors, firstErrors) = server.LoggedErrors();
        return PrintSummary(o, load, orders.RepeatOrders, replayed, unchanged, replayError, errors, firstErrors);
    }

    private static async Task<Load> DeliverAsync(
        HttpClient http, string path, ShopifyOrders orders, int concurrency, TimeSpan warmup, TimeSpan measured, CancellationToken ct)
    {
        var samples = new ConcurrentQueue<ShopifyOrders.Delivery>();
        var result = await HttpClosedLoop.RunAsync(concurrency, warmup, measured, random =>
        {
            var delivery = orders.Next(random);
            return new HttpClosedLoop.Request(
                token => SendAsync(http, path, delivery, token),
                _ => { if (samples.Count < Replays) samples.Enqueue(delivery); });
        }, ct);
        return new Load(result, samples);
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(
        HttpClient http, string path, ShopifyOrders.Delivery delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(delivery.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("X-Shopify-Topic", "orders/create");
        request.Headers.Add("X-Shopify-Hmac-Sha256", delivery.Signature);
        request.Headers.Add("X-Shopify-Webhook-Id", delivery.WebhookId);
        using var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>
    /// Replays deliveries under their own webhook ids with the order now refunded, signed anew. Sent again
    /// unchanged, an order would look the same whether or not the replay was recognised; refunded, it shows:
    /// the order must keep its status and the customer their order count.
    /// </summary>
    private static async Task<(int Replayed, int Unchanged, string? FirstError)> ReplayAsync(
        HttpClient http, HttpClient admin, string path, ShopifyOrders orders, IEnumerable<ShopifyOrders.Delivery> deliveries,
        CancellationToken ct)
    {
        int replayed = 0, unchanged = 0;
        string? firstError = null;
        foreach (var delivery in deliveries.Take(Replays))
        {
            var customerId = await FindCustomerAsync(admin, delivery.Email, ct);
            var before = await OrderStateAsync(admin, customerId, delivery.OrderId, ct);
            var refunded = Encoding.UTF8.GetBytes(
                Encoding.UTF8.GetString(delivery.Body).Replace("\"financial_status\":\"paid\"", "\"financial_status\":\"refunded\""));
            var (status, body) = await SendAsync(http, path, orders.Sign(delivery.WebhookId, delivery.OrderId, delivery.Email, refunded), ct);
            if (status != HttpStatusCode.OK)
            {
                firstError ??= $"{(int)status}: {body}";
                continue;
            }
            replayed++;
            var after = await OrderStateAsync(admin, customerId, delivery.OrderId, ct);
            if (after == before) unchanged++;
            else firstError ??= $"order {delivery.OrderId} changed from {before} to {after}";
        }
        return (replayed, unchanged, firstError);
    }

    private static async Task<long> FindCustomerAsync(HttpClient admin, string email, CancellationToken ct)
    {
        // The search ignores '_' (a LIKE wildcard), so it is given the part of the address after the last one.
        var query = Uri.EscapeDataString(email[(email.LastIndexOf('_') + 1)..]);
        var found = await HelpdeskApi.GetAsync(admin, $"/api/customers?query={query}", ct);
        foreach (var customer in found.EnumerateArray())
            if (string.Equals(customer.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase))
                return customer.GetProperty("id").GetInt64();
        throw new BenchmarkException($"No customer with the email {email} of an accepted order.");
    }

    /// <summary>The order's status, and the customer's count of orders and of orders that make up their history.</summary>
    private static async Task<string> OrderStateAsync(HttpClient admin, long customerId, long orderId, CancellationToken ct)
    {
        var customer = await HelpdeskApi.GetAsync(admin, $"/api/customers/{customerId}", ct);
        var externalId = orderId.ToString();
        var order = customer.GetProperty("orders").EnumerateArray()
            .FirstOrDefault(x => x.GetProperty("externalId").GetString() == externalId);
        var status = order.ValueKind == JsonValueKind.Object ? order.GetProperty("status").GetString() : "missing";
        return $"order {status}, {customer.GetProperty("orders").GetArrayLength()} orders, order count {customer.GetProperty("orderCount").GetInt32()}";
    }

    private static int PrintSummary(
        BenchmarkOptions o, Load load, (long Repeat, long All) repeatOrders, int replayed, int unchanged, string? replayError,
        int serverErrors, List<string> firstServerErrors)
    {
        var rateOk = load.PerSecond >= TargetPerSecond && load.Failed == 0;
        var replaysOk = replayed > 0 && replayed == unchanged && replayError is null;

        Console.WriteLine();
        Console.WriteLine(
            $"## Shopify order webhooks: {o.Concurrency} in flight, {o.Warmup} s warm-up + {o.Seconds} s measured, " +
            $"{o.Customers:N0} customers with accounts");
        Console.WriteLine();
        Console.WriteLine($"Machine: {Report.Machine()}.");
        Console.WriteLine();
        Report.Table(
            ["deliveries", "accepted/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "accepted (measured)", "not accepted (all)"],
            ["orders/create, signed", Report.N(load.PerSecond), Report.N(load.Latency.P50, 1), Report.N(load.Latency.P90, 1),
                Report.N(load.Latency.P99, 1), Report.N(load.Latency.Max, 1), load.Accepted.ToString("N0"), load.Failed.ToString("N0")]);
        Console.WriteLine(
            $"Orders made: {repeatOrders.All:N0}, of them {repeatOrders.Repeat:N0} ({Report.N(100.0 * repeatOrders.Repeat / Math.Max(1, repeatOrders.All), 0)} %) " +
            $"from a shopper who had ordered before in this run; {ShopifyOrders.GuestShare:P0} are guest checkouts.");
        if (load.FirstError is not null) Console.WriteLine($"First delivery not accepted: {load.FirstError}");
        Console.WriteLine($"Replays (same webhook id, order now refunded): {replayed} answered 200, {unchanged} changed nothing.");
        if (replayError is not null) Console.WriteLine($"First replay problem: {replayError}");
        Report.ServerErrors("Helpdesk", serverErrors, firstServerErrors);
        Console.WriteLine();

        Report.Table(
            ["goal", "target", "measured", "result"],
            ["signed order webhooks accepted per second", $"≥ {TargetPerSecond:N0}",
                Report.N(load.PerSecond) + (load.Failed > 0 ? $" ({load.Failed:N0} not accepted)" : ""), Report.Verdict(rateOk)],
            ["a replayed delivery is acknowledged and changes nothing", "every replay", $"{unchanged} of {replayed} replayed",
                Report.Verdict(replaysOk)]);
        if (o.Concurrency != TargetConcurrency)
            Console.WriteLine($"Note: the target is set at {TargetConcurrency} deliveries in flight; this run used {o.Concurrency}.");
        return rateOk && replaysOk ? 0 : 1;
    }
}
