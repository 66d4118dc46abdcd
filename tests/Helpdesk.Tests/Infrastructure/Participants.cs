using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>A signed-in agent: an HTTP client with the auth cookie, and an inbox hub connection on demand.</summary>
public sealed class Agent(IHelpdeskHost app, HttpClient http, CookieContainer cookies, long id, string name) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;
    public long Id { get; } = id;
    public string Name { get; } = name;
    public HubConnection? Inbox { get; private set; }
    public Inboxed<MessageDto> Messages { get; } = new();
    public Inboxed<ConversationSummary> Changes { get; } = new();
    public Inboxed<InboxTypingEvent> Typing { get; } = new();

    public async Task<HubConnection> ConnectAsync()
    {
        Inbox = app.Hub("/hubs/inbox", o => o.Cookies = cookies);
        Inbox.On<MessageDto>("MessageReceived", Messages.Add);
        Inbox.On<ConversationSummary>("ConversationChanged", Changes.Add);
        Inbox.On<InboxTypingEvent>("Typing", Typing.Add);
        await Inbox.StartAsync();
        return Inbox;
    }

    public Task<MessageDto> ReplyAsync(long conversationId, string body, bool isPrivate = false, string? clientMessageId = null) =>
        Inbox!.InvokeAsync<MessageDto>("Reply",
            new ReplyInput(conversationId, clientMessageId ?? Guid.NewGuid().ToString("N"), body, isPrivate));

    public async ValueTask DisposeAsync()
    {
        if (Inbox is not null) await Inbox.DisposeAsync();
        Http.Dispose();
    }
}

/// <summary>A shopper's browser: its visitor token and widget hub connection.</summary>
/// <param name="forwardedFor">The shopper's address as a proxy in front of the helpdesk reports it.</param>
public sealed class Shopper(IHelpdeskHost app, string token, JsonElement session, string? forwardedFor = null) : IAsyncDisposable
{
    public string Token { get; } = token;
    public JsonElement Session { get; } = session;
    public HubConnection Widget { get; private set; } = null!;
    public Inboxed<MessageDto> Messages { get; } = new();
    public Inboxed<TypingEvent> Typing { get; } = new();

    public async Task ConnectAsync()
    {
        Widget = app.Hub("/hubs/widget", o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(Token);
            if (forwardedFor is not null) o.Headers["X-Forwarded-For"] = forwardedFor;
        });
        Widget.On<MessageDto>("MessageReceived", Messages.Add);
        Widget.On<TypingEvent>("Typing", Typing.Add);
        await Widget.StartAsync();
    }

    public Task<MessageDto> SendAsync(string body, string? clientMessageId = null) =>
        Widget.InvokeAsync<MessageDto>("SendMessage", new SendMessageInput(clientMessageId ?? Guid.NewGuid().ToString("N"), body));

    public Task<MessageDto[]> GetMessagesAsync(long afterId = 0) => Widget.InvokeAsync<MessageDto[]>("GetMessages", afterId);

    public async ValueTask DisposeAsync() => await Widget.DisposeAsync();
}

/// <summary>Events a client received, with a wait for the one a test expects.</summary>
public sealed class Inboxed<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<T> All => _items.ToArray();

    public void Add(T item)
    {
        _items.Enqueue(item);
        _arrived.Release();
    }

    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = _items.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                throw new TimeoutException($"No {typeof(T).Name} matching the expectation arrived.");
        }
    }
}
