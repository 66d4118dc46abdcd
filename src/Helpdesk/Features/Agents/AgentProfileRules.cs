using Helpdesk.Infrastructure.Text;

namespace Helpdesk.Features.Agents;

/// <summary>The rules for what every agent may have set about them, whoever sets it: admin or the agent.</summary>
public static class AgentProfileRules
{
    public const int AvatarColors = 8;

    public static IRuleBuilderOptions<T, string?> AgentName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(200)
            .Must(n => !string.IsNullOrEmpty(SafeText.Name(n))).WithMessage("'{PropertyName}' must have visible characters.");

    /// <summary>An empty display name is allowed: it clears it, and customers see the name.</summary>
    public static IRuleBuilderOptions<T, string?> DisplayName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(200)
            .Must(n => n is null || n.Trim().Length == 0 || !string.IsNullOrEmpty(SafeText.Name(n)))
            .WithMessage("'{PropertyName}' must have visible characters.");

    public static IRuleBuilderOptions<T, int?> AvatarColor<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, AvatarColors - 1);

    /// <summary>Null leaves the display name as it is; empty clears it.</summary>
    public static void ApplyDisplayName(Agent agent, string? displayName)
    {
        if (displayName is null) return;
        agent.DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : SafeText.Name(displayName);
    }
}
