using System.Text.Json.Nodes;

namespace Helpdesk.Features.Channels;

/// <summary>
/// A channel as the API shows it: never a secret, only whether one is set. Write-only settings (a
/// page access token, a verify token) are left out of <c>settings</c> and named in <c>secretSettings</c>.
/// </summary>
public sealed record ChannelDto(long Id, string Kind, string Name, string? PublicKey, JsonObject Settings, bool HasSecret)
{
    public string[] SecretSettings { get; init; } = [];

    /// <summary>Whether the shop's systems reach the channel and its replies leave.</summary>
    public ChannelHealthDto Health { get; init; } = new(null, null, null, null, null, null);

    public static ChannelDto From(Channel c)
    {
        var settings = ChannelSettings.Read(c.Kind, c.SettingsJson);
        return new(c.Id, c.Kind, c.Name, c.PublicKey, settings.Shown(), !string.IsNullOrEmpty(c.Secret))
        {
            SecretSettings = settings.Secrets().Select(s => s.Key).ToArray(),
            Health = new(c.LastReceivedAt, c.LastDeliveredAt, c.LastDeliveryErrorAt, c.LastDeliveryError, c.LastRejectedAt, c.LastRejectedReason),
        };
    }
}

/// <param name="LastRejectedReason">A <see cref="RejectionReasons"/> code.</param>
public sealed record ChannelHealthDto(
    DateTime? LastReceivedAt, DateTime? LastDeliveredAt, DateTime? LastErrorAt, string? LastError,
    DateTime? LastRejectedAt, string? LastRejectedReason);

public static class ChannelRules
{
    /// <summary>What every channel is checked for; its settings are checked by its kind (<see cref="ChannelSettings"/>).</summary>
    public static void Apply<T>(AbstractValidator<T> v, Func<T, string?> name, Func<T, string?> secret, Func<T, JsonObject?> settings)
    {
        v.RuleFor(r => name(r)).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        v.RuleFor(r => secret(r)).MinimumLength(16).MaximumLength(500).OverridePropertyName("secret")
            .When(r => secret(r) is not null).WithMessage("'secret' must be 16 to 500 characters.");
        v.RuleFor(r => settings(r)).Must(s => s is null || s.ToJsonString().Length <= 20_000)
            .OverridePropertyName("settings").WithMessage("'settings' is too large.");
    }
}
