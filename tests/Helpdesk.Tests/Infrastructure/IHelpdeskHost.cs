using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace Helpdesk.Tests.Infrastructure;

/// <summary>A running helpdesk the test participants talk to: in the test process, or a node of its own.</summary>
public interface IHelpdeskHost
{
    Uri Address { get; }

    HubConnection Hub(string path, Action<HttpConnectionOptions> configure);
}
