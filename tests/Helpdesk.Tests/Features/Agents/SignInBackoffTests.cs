using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Agents;

/// <summary>Guessing slows the guesser down, per account and address, without locking the owner out.</summary>
public sealed class SignInBackoffTests : IAsyncLifetime
{
    private const string Attacker = "203.0.113.66";
    private const string Office = "198.51.100.10";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private HelpdeskApp _app;

    public SignInBackoffTests() => _app = Start(addressFailures: 50);

    private HelpdeskApp Start(int addressFailures) => new(time: _time, settings: new()
    {
        // The tests stand for clients behind a proxy, so each request can come from its own address.
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["RateLimits:SignInFreeFailures"] = "3",
        ["RateLimits:SignInMaxDelaySeconds"] = "60",
        ["RateLimits:SignInAddressFailures"] = addressFailures.ToString(),
        ["RateLimits:SignInAddressBlockMinutes"] = "10",
    });

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> SignInAsync(string from, string password, string email = HelpdeskApp.AdminEmail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", from);
        return await _app.Http().SendAsync(request);
    }

    private static int RetryAfter(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        return (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
    }

    [Fact]
    public async Task Wrong_passwords_from_a_stranger_do_not_keep_the_admin_out_from_another_address()
    {
        for (var i = 0; i < 12; i++)
        {
            var guess = await SignInAsync(Attacker, "guess-" + i);
            Assert.Contains(guess.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
            _time.Advance(TimeSpan.FromSeconds(70));
        }
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Office, HelpdeskApp.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task After_a_few_failures_each_further_attempt_waits_longer_even_with_the_right_password()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Attacker, "guess-" + i)).StatusCode);

        Assert.Equal(2, RetryAfter(await SignInAsync(Attacker, HelpdeskApp.AdminPassword)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Attacker, "guess-3")).StatusCode);
        Assert.Equal(4, RetryAfter(await SignInAsync(Attacker, HelpdeskApp.AdminPassword)));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, RetryAfter(await SignInAsync(Attacker, HelpdeskApp.AdminPassword)));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Attacker, HelpdeskApp.AdminPassword)).StatusCode);
        // A success starts the count again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Attacker, "guess-4")).StatusCode);
    }

    [Fact]
    public async Task The_delay_stops_growing_at_its_cap()
    {
        for (var i = 0; i < 10; i++)
        {
            if (i > 0) _time.Advance(TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Attacker, "guess-" + i)).StatusCode);
        }
        Assert.Equal(60, RetryAfter(await SignInAsync(Attacker, "guess")));
    }

    [Fact]
    public async Task An_address_failing_across_many_accounts_is_blocked_for_a_while()
    {
        await _app.DisposeAsync();
        _app = Start(addressFailures: 6);
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(Attacker, "guess", $"someone{i}@shop.example")).StatusCode);

        Assert.Equal(600, RetryAfter(await SignInAsync(Attacker, HelpdeskApp.AdminPassword)));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Office, HelpdeskApp.AdminPassword)).StatusCode);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(Attacker, HelpdeskApp.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Unknown_address_and_wrong_password_get_the_same_answer_and_the_same_delays()
    {
        var unknown = await SignInAsync(Attacker, "guess", "nobody@shop.example");
        var wrong = await SignInAsync(Office, "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        for (var i = 0; i < 2; i++) await SignInAsync(Attacker, "guess", "nobody@shop.example");
        Assert.Equal(2, RetryAfter(await SignInAsync(Attacker, "guess", "nobody@shop.example")));
    }
}
