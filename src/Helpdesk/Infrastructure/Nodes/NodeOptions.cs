using System.ComponentModel.DataAnnotations;

namespace Helpdesk.Infrastructure.Nodes;

/// <summary>Several nodes behind a load balancer share what each would otherwise know alone, through Redis.</summary>
public sealed class NodeOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string such as <c>127.0.0.1:6379</c>; unset, the helpdesk is one node.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefixes every Redis key and channel, so that several helpdesks can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,40}$")] public string ChannelPrefix { get; set; } = "helpdesk";

    /// <summary>How long a node that stopped answering still counts: its agents are offline after this.</summary>
    [Range(3, 300)] public int NodeTimeoutSeconds { get; set; } = 30;
}
