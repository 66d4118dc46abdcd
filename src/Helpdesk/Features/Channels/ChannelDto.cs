using System.Text.Json.Nodes;

namespace Helpdesk.Features.Channels;

/// <summary>A channel as the API shows it: never the secret, only whether one is set.</summary>
public sealed record ChannelDto(long Id, string Kind, string Name, string? PublicKey, JsonObject Settings, bool HasSecret)
{
    public static ChannelDto From(Channel c) =>
        new(c.Id, c.Kind, c.Name, c.PublicKey, JsonNode.Parse(c.SettingsJson)?.AsObject() ?? [], !string.IsNullOrEmpty(c.Secret));
}

public static class ChannelRules
{
    private static bool BeALanguage(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var language)
        && System.Text.RegularExpressions.Regex.IsMatch(language, "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$");

    public static void Apply<T>(AbstractValidator<T> v, Func<T, string?> name, Func<T, string?> secret, Func<T, JsonObject?> settings)
    {
        v.RuleFor(r => name(r)).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        v.RuleFor(r => secret(r)).MinimumLength(16).MaximumLength(500).OverridePropertyName("secret")
            .When(r => secret(r) is not null).WithMessage("'secret' must be 16 to 500 characters.");
        v.RuleFor(r => settings(r)).Must(s => s is null || s.ToJsonString().Length <= 20_000)
            .OverridePropertyName("settings").WithMessage("'settings' is too large.");
        v.RuleFor(r => settings(r)!["defaultLanguage"]).Must(BeALanguage).When(r => settings(r)?["defaultLanguage"] is not null)
            .OverridePropertyName("settings.defaultLanguage")
            .WithMessage("'settings.defaultLanguage' must be a language such as en, da, de, nb or lv.");
    }
}
