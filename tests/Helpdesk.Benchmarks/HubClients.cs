using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>How the benchmark talks to a server: sessions and sign-in over HTTP, then SignalR over WebSockets.</summary>
public static class HubClients
{
    public static HttpClient Http(Uri baseUrl, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>Opens shopper sessions on the demo storefront, a few at a time; returns their visitor tokens.</summary>
    public static async Task<string[]> CreateSessionsAsync(Uri baseUrl, int count, int concurrency, CancellationToken ct)
    {
        using var http = Http(baseUrl);
        var tokens = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                using var response = await http.PostAsJsonAsync("/api/widget/sessions",
                    new { publicKey = HelpdeskProcess.StorefrontKey, name = $"Load shopper {i}" }, token);
                if (!response.IsSuccessStatusCode)
                    throw new BenchmarkException(
                        $"POST /api/widget/sessions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
                var session = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                tokens[i] = session.GetProperty("visitorToken").GetString()!;
            });
        return tokens;
    }

    /// <summary>Signs the admin in; returns the Cookie header value that authenticates the agent hub.</summary>
    public static async Task<string> SignInAsync(Uri baseUrl, string email, string password, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var http = Http(baseUrl, cookies);
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkException($"POST /api/auth/login answered {(int)response.StatusCode}.");
        return cookies.GetCookieHeader(baseUrl);
    }

    public static HubConnection Shopper(Uri baseUrl, string visitorToken) =>
        Build(new Uri(baseUrl, "/hubs/widget"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(visitorToken));

    public static HubConnection Agent(Uri baseUrl, string cookieHeader) =>
        Build(new Uri(baseUrl, "/hubs/inbox"), o => o.Headers["Cookie"] = cookieHeader);

    public static HubConnection Echo(Uri baseUrl) => Build(new Uri(baseUrl, EchoServer.HubPath), _ => { });

    /// <summary>WebSockets straight away, as the widget does: no negotiate round trip, nothing to fall back to.</summary>
    private static HubConnection Build(Uri url, Action<HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                configure(o);
            })
            .Build();

    /// <summary>Starts connections a few at a time, each retried twice; returns those that connected and the first failure.</summary>
    public static async Task<(List<HubConnection> Connected, int Failed, string? FirstError)> StartAllAsync(
        IReadOnlyList<HubConnection> connections, int concurrency, CancellationToken ct)
    {
        var connected = new bool[connections.Count];
        string? firstError = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, connections.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) =>
            {
                for (var attempt = 1; attempt <= 3 && !connected[i]; attempt++)
                {
                    try
                    {
                        await connections[i].StartAsync(token);
                        connected[i] = true;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.CompareExchange(ref firstError, e.Message, null);
                        await Task.Delay(200 * attempt, token);
                    }
                }
            });
        var ok = connections.Where((_, i) => connected[i]).ToList();
        foreach (var failed in connections.Where((_, i) => !connected[i])) await failed.DisposeAsync();
        return (ok, connections.Count - ok.Count, firstError);
    }

    public static Task StopAllAsync(IEnumerable<HubConnection> connections, int concurrency) =>
        Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (c, _) => await c.DisposeAsync());
}
