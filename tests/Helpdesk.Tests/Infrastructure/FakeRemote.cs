using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>
/// A local HTTP server standing in for a remote we cannot reach (Messenger's Send API, a
/// marketplace's reply endpoint). It records every request and answers as <see cref="Respond"/> says.
/// </summary>
public sealed class FakeRemote : IAsyncDisposable
{
    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    private readonly WebApplication _app;
    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The answer to each request: status and JSON body. By default 200 with an id.</summary>
    public Func<Received, Task<(int Status, string Body)>> Respond { get; set; } =
        r => Task.FromResult((200, $$"""{"message_id":"m_{{Guid.NewGuid():N}}","recipient_id":"1"}"""));

    public Uri Address { get; }

    private FakeRemote(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public static async Task<FakeRemote> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeRemote? remote = null;
        app.Run(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var received = new Received(http.Request.Method, http.Request.Path + http.Request.QueryString,
                http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray());
            remote!.Requests.Enqueue(received);
            var (status, body) = await remote.Respond(received);
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        remote = new FakeRemote(app, new Uri(address));
        return remote;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
