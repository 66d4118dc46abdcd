using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Infrastructure.Data;

public sealed class WriteQueueBackPressureTests
{
    private const string ApiKey = "store-api-key-0123456789";

    private static Task<HttpResponseMessage> SubmitOrderAsync(HelpdeskApp app, int n)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new
            {
                externalId = $"Q-{n}", number = $"Q-{n}", customer = new { externalId = "c-1", email = "ola@example.no", name = "Ola" },
                placedAt = "2026-11-02T09:30:00Z", total = 10m, currency = "EUR", status = "paid",
                lines = new[] { new { name = "Socks", quantity = 1, price = 10m } },
            }),
        };
        request.Headers.Add("X-Api-Key", ApiKey);
        return app.Http().SendAsync(request);
    }

    [Fact]
    public async Task A_full_write_queue_answers_503_with_retry_after_and_keeps_everything_it_accepted()
    {
        await using var app = new HelpdeskApp(settings: new() { ["Writes:QueueCapacity"] = "2" });
        await using var admin = await app.SignInAsync();
        await app.CreateStorefrontChannelAsync(admin, ApiKey);
        var customerId = (await (await SubmitOrderAsync(app, 0)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customerId").GetInt64();

        Task<HttpResponseMessage>[] submits;
        await using (await WriteLock.TakeAsync(app))
        {
            submits = Enumerable.Range(1, 10).Select(n => SubmitOrderAsync(app, n)).ToArray();
            // A refusal comes at once, while what was accepted waits for the lock.
            await Eventually.Until(() => Task.FromResult(submits.Count(t => t.IsCompleted)), n => n > 0, TimeSpan.FromSeconds(5));
            Assert.Contains(submits, t => !t.IsCompleted);
        }

        var responses = await Task.WhenAll(submits);
        Assert.Contains(responses, r => r.IsSuccessStatusCode);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        for (var i = 0; i < responses.Length; i++)
        {
            if (responses[i].IsSuccessStatusCode) continue;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, responses[i].StatusCode);
            Assert.NotNull(responses[i].Headers.RetryAfter?.Delta);
            (await SubmitOrderAsync(app, i + 1)).EnsureSuccessStatusCode();
        }
        var customer = await admin.Http.GetFromJsonAsync<JsonElement>($"/api/customers/{customerId}");
        Assert.Equal(11, customer.GetProperty("orders").GetArrayLength());
    }
}
