using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Helpdesk.Benchmarks;

/// <summary>The helpdesk's agent API over HTTP: each signed-in agent is an HttpClient holding its own cookie.</summary>
public static class HelpdeskApi
{
    public static async Task<HttpClient> SignInAsync(Uri baseUrl, string email, string password, CancellationToken ct)
    {
        var http = HubClients.Http(baseUrl, new CookieContainer());
        try
        {
            using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
            await EnsureSuccessAsync(response, "POST /api/auth/login", ct);
            return http;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Posts JSON and returns the JSON answer; any other status stops the benchmark with the answer's body.</summary>
    public static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, ct);
        await EnsureSuccessAsync(response, $"POST {path}", ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    public static async Task PutAsync(HttpClient http, string path, object body, CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync(path, body, ct);
        await EnsureSuccessAsync(response, $"PUT {path}", ct);
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        await EnsureSuccessAsync(response, $"GET {path}", ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string request, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
            throw new BenchmarkException(
                $"{request} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
    }
}
