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
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
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
