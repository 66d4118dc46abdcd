using Helpdesk.Features.Chat;

namespace Helpdesk.Features.Agents;

/// <summary>The signed-in agent, as sign-in and /api/auth/me describe them.</summary>
public sealed record AgentDto(long Id, string Name, string Email, string Role, string? DisplayName, int AvatarColor, string? AvatarUrl)
{
    public static AgentDto Of(Agent a) => new(a.Id, a.Name, a.Email, a.Role, a.DisplayName, a.AvatarColor, AvatarUrlOf(a.Id, a.AvatarVersion));

    public static string? AvatarUrlOf(long id, int? version) => version is { } v ? $"/api/agents/{id}/avatar?v={v}" : null;
}

/// <summary>
/// An agent on the team page. <c>Invited</c>: they have no password yet and wait to accept the invitation
/// that expires at <c>InvitationExpiresAt</c> (past: the admin sends a new one).
/// </summary>
public sealed record AgentListItem(
    long Id, string Name, string Email, string Role, int ChatCapacity, string Presence, bool Disabled,
    string? DisplayName, int AvatarColor, string? AvatarUrl, bool Invited, DateTime? InvitationExpiresAt)
{
    public static AgentListItem Of(Agent a, AgentPresence presence) =>
        new(a.Id, a.Name, a.Email, a.Role, a.ChatCapacity, presence.Of(a.Id), a.Disabled,
            a.DisplayName, a.AvatarColor, AgentDto.AvatarUrlOf(a.Id, a.AvatarVersion),
            a.PasswordHash.Length == 0, a.InvitationExpiresAt);
}
