using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>
/// SignalR's Redis backplane, with this node's own delivery beside it: every connection is known to
/// both, and a send goes through Redis (to every node) while Redis answers, otherwise straight to the
/// connections on this node. So a hub send never throws or waits because Redis is away: the shoppers
/// and agents on one node keep talking, and the others hear again once Redis returns. What is sent is
/// already stored; the backplane is only delivery.
/// </summary>
public sealed class NodeHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    /// <summary>How long a send may wait for Redis before this node delivers it itself.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly DefaultHubLifetimeManager<THub> _here;
    private readonly RedisHubLifetimeManager<THub> _everywhere;
    private readonly Nodes _nodes;
    private readonly ILogger<NodeHubLifetimeManager<THub>> _log;

    public NodeHubLifetimeManager(IServiceProvider services, Nodes nodes, ILogger<NodeHubLifetimeManager<THub>> log)
    {
        _here = ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(services);
        _everywhere = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
        _nodes = nodes;
        _log = log;
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await _here.OnConnectedAsync(connection);
        await BestEffortAsync(_everywhere.OnConnectedAsync(connection), "registering a connection");
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        await _here.OnDisconnectedAsync(connection);
        await BestEffortAsync(_everywhere.OnDisconnectedAsync(connection), "unregistering a connection");
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _here.AddToGroupAsync(connectionId, groupName, cancellationToken);
        await BestEffortAsync(_everywhere.AddToGroupAsync(connectionId, groupName, cancellationToken), "joining a group");
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await _here.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        await BestEffortAsync(_everywhere.RemoveFromGroupAsync(connectionId, groupName, cancellationToken), "leaving a group");
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllAsync(methodName, args, cancellationToken));

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionAsync(connectionId, methodName, args, cancellationToken));

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken));

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupAsync(groupName, methodName, args, cancellationToken));

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupsAsync(groupNames, methodName, args, cancellationToken));

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken));

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUserAsync(userId, methodName, args, cancellationToken));

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(m => m.SendUsersAsync(userIds, methodName, args, cancellationToken));

    // Client results (unused by the helpdesk's hubs) need Redis to find the connection's node.
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _everywhere.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        _everywhere.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _everywhere.TryGetReturnType(invocationId, out type);

    private async Task SendAsync(Func<HubLifetimeManager<THub>, Task> send)
    {
        if (_nodes.Connected)
        {
            try
            {
                await send(_everywhere).WaitAsync(Patience);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning(e, "Redis did not take a hub send; delivering it to this node's connections only");
            }
        }
        await send(_here);
    }

    private async Task BestEffortAsync(Task call, string what)
    {
        try
        {
            await call.WaitAsync(Patience);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // SignalR's Redis client keeps the subscription and makes it when Redis returns.
            _log.LogWarning(e, "Redis failed while {What}; this node's own delivery goes on", what);
        }
    }

    public void Dispose() => _everywhere.Dispose();
}
