using System.Security.Cryptography;

namespace Helpdesk.Features.Agents;

/// <summary>One rule for every password an agent gets: created, reset, changed, or generated for the first admin.</summary>
public static class AgentPasswords
{
    public const int MinimumLength = 10;
    public const int MaximumLength = 200;

    public static IRuleBuilderOptions<T, string?> AgentPassword<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MinimumLength(MinimumLength).MaximumLength(MaximumLength);

    /// <summary>144 random bits as 24 URL-safe characters: well past the minimum, easy to copy.</summary>
    public static string Generate() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
}
