using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bogus;

namespace Helpdesk.Benchmarks;

/// <summary>
/// New-order webhooks as Shopify sends them (its REST Order resource, snake_case, money as strings, times with an
/// offset), signed as Shopify signs them. The shoppers are made once by Bogus with a fixed seed: a pool of
/// customers with Shopify accounts, and guests, who check out with an email and no account. Picking from the
/// pools makes many orders come from someone the helpdesk already knows. Safe to use from many tasks at once.
/// </summary>
public sealed class ShopifyOrders
{
    public sealed record Delivery(string WebhookId, long OrderId, string Email, byte[] Body, string Signature);

    private sealed record Shopper(long? CustomerId, string Email, string FirstName, string LastName);

    private sealed record Product(string Sku, string Name, decimal Price);

    // Shopify's Order resource, as much of it as an orders/create webhook needs to be read in full.
    private sealed record Order(
        long Id, string Name, long OrderNumber, string Email, DateTimeOffset CreatedAt, DateTimeOffset ProcessedAt,
        DateTimeOffset UpdatedAt, string TotalPrice, string Currency, string FinancialStatus, string? FulfillmentStatus,
        Customer? Customer, LineItem[] LineItems, object[] Fulfillments);

    private sealed record Customer(long Id, string Email, string FirstName, string LastName);

    private sealed record LineItem(string Sku, string Name, string Title, int Quantity, string Price);

    private const int Seed = 20261124;
    public const double GuestShare = 0.1;
    /// <summary>Written as Shopify writes it: '+' in offsets and apostrophes in names are not escaped.</summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    /// <summary>Where the shop is: its times carry this offset, as Shopify's do.</summary>
    private static readonly TimeSpan ShopOffset = TimeSpan.FromHours(1);

    private readonly byte[] _secret;
    private readonly Shopper[] _customers;
    private readonly Shopper[] _guests;
    private readonly Product[] _products;
    private readonly int[] _ordered;
    private long _nextOrder;
    private long _repeatOrders;

    public ShopifyOrders(string secret, int customers)
    {
        _secret = Encoding.UTF8.GetBytes(secret);
        var f = new Faker("en") { Random = new Randomizer(Seed) };
        _customers = Enumerable.Range(0, customers).Select(i => Person(f, 7_000_000_000 + i, i)).ToArray();
        _guests = Enumerable.Range(0, Math.Max(1, customers / 5)).Select(i => Person(f, null, customers + i)).ToArray();
        _products = Enumerable.Range(0, 200).Select(_ =>
        {
            var name = f.Commerce.ProductName();
            return new Product(f.Random.Replace("??-####"), name, Math.Round(f.Random.Decimal(5, 300), 2));
        }).ToArray();
        _ordered = new int[_customers.Length + _guests.Length];
    }

    /// <summary>Orders whose shopper had ordered before in this run, of all orders made.</summary>
    public (long Repeat, long All) RepeatOrders => (Interlocked.Read(ref _repeatOrders), Interlocked.Read(ref _nextOrder));

    /// <summary>A new order from a shopper drawn with <paramref name="random"/>, one per caller.</summary>
    public Delivery Next(Random random)
    {
        var sequence = Interlocked.Increment(ref _nextOrder);
        var guest = random.NextDouble() < GuestShare;
        var pick = guest ? random.Next(_guests.Length) : random.Next(_customers.Length);
        var shopper = guest ? _guests[pick] : _customers[pick];
        if (Interlocked.Exchange(ref _ordered[guest ? _customers.Length + pick : pick], 1) == 1)
            Interlocked.Increment(ref _repeatOrders);

        var lines = Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
        {
            var p = _products[random.Next(_products.Length)];
            return new LineItem(p.Sku, p.Name, p.Name, 1 + random.Next(2), Money(p.Price));
        }).ToArray();
        var total = lines.Sum(l => l.Quantity * decimal.Parse(l.Price, CultureInfo.InvariantCulture));
        var now = DateTimeOffset.UtcNow.ToOffset(ShopOffset);
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var number = 1000 + sequence;
        var order = new Order(
            5_000_000_000 + sequence, $"#{number}", number, shopper.Email, now, now, now, Money(total), "EUR", "paid", null,
            shopper.CustomerId is { } id ? new Customer(id, shopper.Email, shopper.FirstName, shopper.LastName) : null,
            lines, []);
        return Sign(Guid.NewGuid().ToString(), order.Id, shopper.Email, JsonSerializer.SerializeToUtf8Bytes(order, Json));
    }

    /// <summary>The same delivery id with a body of the helpdesk's choosing, signed as Shopify would sign it.</summary>
    public Delivery Sign(string webhookId, long orderId, string email, byte[] body) =>
        new(webhookId, orderId, email, body, Convert.ToBase64String(HMACSHA256.HashData(_secret, body)));

    private static Shopper Person(Faker f, long? customerId, int index)
    {
        var first = f.Name.FirstName();
        var last = f.Name.LastName();
        // The index after a dot, which no user name ends in, keeps every address unique.
        return new Shopper(customerId, f.Internet.Email(first, last, uniqueSuffix: $".{index}").ToLowerInvariant(), first, last);
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
