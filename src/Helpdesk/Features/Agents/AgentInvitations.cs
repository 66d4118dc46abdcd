using System.Security.Cryptography;

namespace Helpdesk.Features.Agents;

/// <summary>
/// A one-time link an admin hands a new agent, who sets their own password with it. The token is 256
/// random bits, so it cannot be guessed; only its SHA-256 is stored, so a copy of the database opens
/// nothing; it works once, for <see cref="Lifetime"/>, and only for an agent who is not disabled.
/// </summary>
public static class AgentInvitations
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>A fresh invitation for the agent, replacing any earlier one; returns the token, which is not kept.</summary>
    public static Invitation Issue(Agent agent, DateTime now)
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        agent.InvitationHash = Hash(token);
        agent.InvitationExpiresAt = now + Lifetime;
        return new Invitation(token, agent.InvitationExpiresAt.Value);
    }

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    /// <summary>Tokens are 43 URL-safe characters; anything else is not looked up at all.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>An invitation as the admin gets it once: the inbox makes its link /inbox/#/invitation/{token}.</summary>
public sealed record Invitation(string Token, DateTime ExpiresAt);
