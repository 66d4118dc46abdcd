using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// Shopify Order webhook bodies as Shopify sends them (REST Admin API Order resource: snake_case,
/// money as strings, times with offsets, a null customer on guest checkouts).
/// </summary>
public sealed class ShopifyOrderBuilder
{
    private static long _nextId = 5_800_000_000;
    private readonly JsonObject _order;

    public ShopifyOrderBuilder()
    {
        var id = Interlocked.Increment(ref _nextId);
        _order = new JsonObject
        {
            ["id"] = id,
            ["admin_graphql_api_id"] = $"gid://shopify/Order/{id}",
            ["name"] = $"#{id % 100000}",
            ["order_number"] = id % 100000,
            ["email"] = "mette.kristensen@example.com",
            ["phone"] = null,
            ["created_at"] = "2026-11-20T10:15:00+01:00",
            ["processed_at"] = "2026-11-20T10:15:00+01:00",
            ["updated_at"] = "2026-11-20T10:16:12+01:00",
            ["cancelled_at"] = null,
            ["cancel_reason"] = null,
            ["currency"] = "EUR",
            ["presentment_currency"] = "EUR",
            ["current_total_price"] = "129.95",
            ["total_price"] = "129.95",
            ["subtotal_price"] = "124.00",
            ["total_tax"] = "24.80",
            ["financial_status"] = "paid",
            ["fulfillment_status"] = null,
            ["customer_locale"] = "da",
            ["test"] = false,
            ["customer"] = new JsonObject
            {
                ["id"] = 207119551,
                ["email"] = "mette.kristensen@example.com",
                ["first_name"] = "Mette",
                ["last_name"] = "Kristensen",
                ["phone"] = "+4520123456",
                ["state"] = "enabled",
                ["currency"] = "EUR",
            },
            ["line_items"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = id * 10 + 1, ["sku"] = "FJ-45", ["name"] = "Fjell 45L backpack - Blue", ["title"] = "Fjell 45L backpack",
                    ["variant_title"] = "Blue", ["quantity"] = 1, ["price"] = "124.00", ["requires_shipping"] = true,
                },
            },
            ["fulfillments"] = new JsonArray(),
            ["shipping_lines"] = new JsonArray { new JsonObject { ["title"] = "Standard", ["price"] = "5.95" } },
        };
    }

    public long Id => _order["id"]!.GetValue<long>();

    public ShopifyOrderBuilder With(string property, JsonNode? value)
    {
        _order[property] = value;
        return this;
    }

    public ShopifyOrderBuilder Customer(long id, string email, string first = "Mette", string last = "Kristensen", string? phone = null)
    {
        _order["email"] = email;
        _order["customer"] = new JsonObject
        {
            ["id"] = id, ["email"] = email, ["first_name"] = first, ["last_name"] = last, ["phone"] = phone,
        };
        return this;
    }

    public ShopifyOrderBuilder Guest(string email) => With("customer", null).With("email", email);

    public ShopifyOrderBuilder Total(string total) => With("total_price", total).With("current_total_price", total);

    public ShopifyOrderBuilder Cancelled() => With("cancelled_at", "2026-11-21T09:00:00+01:00").With("cancel_reason", "customer");

    public ShopifyOrderBuilder DeliveredFulfillment() => With("fulfillment_status", "fulfilled").With("fulfillments", new JsonArray
    {
        new JsonObject
        {
            ["id"] = Id + 7, ["order_id"] = Id, ["status"] = "success", ["shipment_status"] = "delivered",
            ["created_at"] = "2026-11-21T08:00:00+01:00", ["updated_at"] = "2026-11-23T14:30:00+01:00",
            ["tracking_company"] = "PostNord", ["tracking_number"] = "00370712345678901234",
        },
    });

    /// <summary>The order shipped in these fulfillments (see <see cref="Shipment"/>).</summary>
    public ShopifyOrderBuilder Shipped(params JsonObject[] shipments) =>
        With("fulfillment_status", "fulfilled").With("fulfillments", new JsonArray(shipments.Cast<JsonNode>().ToArray()));

    /// <summary>
    /// A Fulfillment resource of this order with its tracking, as Shopify sends it inside the order and on
    /// the fulfillments/* topics: the single fields repeat the first of the lists.
    /// </summary>
    public JsonObject Shipment(long id, string company, string[] numbers, string[] urls, string status = "success") => new()
    {
        ["id"] = id, ["order_id"] = Id, ["status"] = status, ["shipment_status"] = null,
        ["created_at"] = "2026-11-21T08:00:00+01:00", ["updated_at"] = "2026-11-21T08:00:00+01:00",
        ["tracking_company"] = company,
        ["tracking_number"] = numbers.FirstOrDefault(), ["tracking_numbers"] = new JsonArray(numbers.Select(n => (JsonNode)n).ToArray()),
        ["tracking_url"] = urls.FirstOrDefault(), ["tracking_urls"] = new JsonArray(urls.Select(u => (JsonNode)u).ToArray()),
    };

    public string Json => _order.ToJsonString();

    /// <summary>A Fulfillment resource for this order, as the fulfillments/update topic sends it.</summary>
    public string Fulfillment(string shipmentStatus) => new JsonObject
    {
        ["id"] = Id + 9, ["order_id"] = Id, ["status"] = "success", ["shipment_status"] = shipmentStatus,
        ["created_at"] = "2026-11-21T08:00:00+01:00", ["updated_at"] = "2026-11-23T14:30:00+01:00",
        ["tracking_company"] = "PostNord", ["tracking_numbers"] = new JsonArray("00370712345678901234"),
    }.ToJsonString();

    public static HttpRequestMessage Request(long channelId, string secret, string topic, string body, string? webhookId = null,
        string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/shopify/{channelId}")
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Hmac-Sha256", signature ?? Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes)));
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Shopify-Shop-Domain", "nordlys-outdoor.myshopify.com");
        request.Headers.Add("X-Shopify-API-Version", "2025-10");
        return request;
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
