using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Features.Conversations;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Customers;

public sealed class IdentityAndMergeTests : IAsyncLifetime
{
    private const string Secret = "storefront-secret-0123456789";
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin, Secret)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private Task<Shopper> SignedInShopperAsync(string storeCustomerId) =>
        _app.ShopperAsync(new { publicKey = _publicKey, identity = new { customerId = storeCustomerId, signature = HelpdeskApp.IdentitySignature(Secret, storeCustomerId) } });

    private Task<JsonElement> SubmitOrderAsync(string externalId, object customer) =>
        _app.SubmitOrderAsync(Secret, new
        {
            externalId, number = externalId, customer, placedAt = "2026-10-01T12:00:00Z", total = 80m, currency = "EUR", status = "delivered",
        });

    [Fact]
    public async Task A_waiting_shopper_moves_up_the_moment_an_order_arrives()
    {
        await _admin.ConnectAsync();
        await using var shopper = await SignedInShopperAsync("4200");
        var question = await shopper.SendAsync("Where is my parcel?");
        var before = await _admin.Changes.WaitForAsync(c => c.Id == question.ConversationId);
        Assert.Equal("new", before.Customer.Tier);

        // Orders for the shop's customer 4200 belong to the shopper signed in as 4200.
        var recorded = await SubmitOrderAsync("O-1", new { externalId = "4200", email = "liga@example.lv" });
        await SubmitOrderAsync("O-2", new { externalId = "4200" });
        Assert.Equal(shopper.Session.GetProperty("customerId").GetInt64(), recorded.GetProperty("customerId").GetInt64());

        var after = await _admin.Changes.WaitForAsync(c => c.Id == question.ConversationId && c.Customer.Tier == "returning");
        Assert.StartsWith("Returning customer · 2 orders · €160", after.Priority.Reason);
        Assert.True(after.Priority.DueAt < before.Priority.DueAt);
    }

    [Fact]
    public async Task Merging_two_customers_keeps_every_order_conversation_and_identity()
    {
        await using var shopper = await SignedInShopperAsync("shop-900");
        var question = await shopper.SendAsync("Hi, I ordered with another email");
        var byEmail = await SubmitOrderAsync("M-1", new { email = "emily@example.com", name = "Emily Carter" });
        var keep = shopper.Session.GetProperty("customerId").GetInt64();
        var other = byEmail.GetProperty("customerId").GetInt64();
        Assert.NotEqual(keep, other);

        var response = await _admin.Http.PostAsJsonAsync($"/api/customers/{keep}/merge", new { otherCustomerId = other });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, merged.GetProperty("orderCount").GetInt32());
        Assert.Contains(merged.GetProperty("conversations").EnumerateArray(), c => c.GetProperty("id").GetInt64() == question.ConversationId);
        var kinds = merged.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.Contains("widget-verified-id", kinds);
        Assert.Contains("email", kinds);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.Http.GetAsync($"/api/customers/{other}")).StatusCode);

        // Later orders with that email find the merged customer.
        var later = await SubmitOrderAsync("M-2", new { email = "EMILY@example.com" });
        Assert.Equal(keep, later.GetProperty("customerId").GetInt64());
    }

    [Fact]
    public async Task A_customer_cannot_be_merged_with_itself_or_with_nobody()
    {
        var customer = (await SubmitOrderAsync("S-1", new { email = "self@example.com" })).GetProperty("customerId").GetInt64();
        var self = await _admin.Http.PostAsJsonAsync($"/api/customers/{customer}/merge", new { otherCustomerId = customer });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True((await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("otherCustomerId", out _));
        var nobody = await _admin.Http.PostAsJsonAsync($"/api/customers/{customer}/merge", new { otherCustomerId = 987654 });
        Assert.Equal(HttpStatusCode.BadRequest, nobody.StatusCode);
        var missing = await _admin.Http.PostAsJsonAsync("/api/customers/987654/merge", new { otherCustomerId = customer });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
