using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Benchmarks;

/// <summary>One signed-in agent's inbox, counting what the helpdesk pushes to it.</summary>
public sealed class AgentInbox
{
    private long _messages, _summaries, _typing;

    public HubConnection Connection { get; }
    public long Messages => Interlocked.Read(ref _messages);
    public long Summaries => Interlocked.Read(ref _summaries);
    /// <summary>Every shopper's typing call that gets through is pushed to every agent.</summary>
    public long Typing => Interlocked.Read(ref _typing);

    public AgentInbox(Uri baseUrl, string cookie)
    {
        Connection = HubClients.Agent(baseUrl, cookie);
        Connection.On<JsonElement>("MessageReceived", _ => Interlocked.Increment(ref _messages));
        Connection.On<JsonElement>("ConversationChanged", _ => Interlocked.Increment(ref _summaries));
        Connection.On<JsonElement>("Typing", _ => Interlocked.Increment(ref _typing));
    }
}
