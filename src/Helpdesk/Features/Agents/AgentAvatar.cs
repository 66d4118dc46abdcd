namespace Helpdesk.Features.Agents;

/// <summary>
/// An agent's picture, kept apart from the agent's row so that the lists and the cookie checks that
/// read agents never load it.
/// </summary>
public sealed class AgentAvatar
{
    public long AgentId { get; set; }
    /// <summary>image/png, image/jpeg or image/webp, as found in the bytes (<see cref="AvatarImage"/>), never as the uploader said.</summary>
    public required string ContentType { get; set; }
    public required byte[] Image { get; set; }
    public DateTime UpdatedAt { get; set; }
}
