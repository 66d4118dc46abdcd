using Microsoft.AspNetCore.Identity;

namespace Helpdesk.Features.Agents;

public sealed class Agent
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Stored lower-case so that sign-in is case-insensitive and unique.</summary>
    public required string Email { get; set; }
    public string PasswordHash { get; set; } = "";
    public string Role { get; set; } = AgentRoles.Agent;
    public int ChatCapacity { get; set; } = 5;
    /// <summary>A disabled agent cannot sign in, is offered no chats, and loses their sessions within a minute.</summary>
    public bool Disabled { get; set; }
    /// <summary>
    /// Copied into the agent's cookies; a new one (on disabling, a new password, another role) makes every
    /// earlier cookie and inbox connection stop working at its next check.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// The agent's own choice to be told of new chats without a sound or a desktop notification. Stored as "off" so
    /// that existing agents and new ones start with both on.
    /// </summary>
    public bool SoundOff { get; set; }
    public bool DesktopOff { get; set; }

    /// <summary>What customers see as the author of this agent's replies (widget, mail); the name when unset.</summary>
    public string? DisplayName { get; set; }
    /// <summary>The palette colour (0–7) of the initials shown when there is no picture.</summary>
    public int AvatarColor { get; set; }
    /// <summary>Bumped with every new picture, so its address changes and no cache keeps the old one; null: initials.</summary>
    public int? AvatarVersion { get; set; }
    /// <summary>SHA-256 of the one outstanding invitation's token; the token itself is only ever in the link.</summary>
    public byte[]? InvitationHash { get; set; }
    public DateTime? InvitationExpiresAt { get; set; }

    /// <summary>The name customers see.</summary>
    public string PublicName => DisplayName ?? Name;

    public void SetPassword(IPasswordHasher<Agent> hasher, string password)
    {
        PasswordHash = hasher.HashPassword(this, password);
        SecurityStamp = NewSecurityStamp();
        // A password chosen some other way makes an outstanding invitation pointless: it could only replace it.
        InvitationHash = null;
        InvitationExpiresAt = null;
    }

    public static string NewSecurityStamp() => Guid.NewGuid().ToString("N");
}

public static class AgentRoles
{
    public const string Agent = "agent";
    public const string Admin = "admin";
    public static readonly string[] All = [Agent, Admin];
}

public static class Presence
{
    public const string Online = "online";
    public const string Away = "away";
    public const string Offline = "offline";
    public static readonly string[] All = [Online, Away, Offline];
}
