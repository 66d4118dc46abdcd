using System.Text.Json.Nodes;

namespace Helpdesk.Features.Channels;

/// <summary>
/// A channel as the API shows it: never a secret, only whether one is set. Secret settings (a
/// page access token, a verify token) are left out of <c>settings</c> and named in <c>secretSettings</c>.
/// </summary>
public sealed record ChannelDto(long Id, string Kind, string Name, string? PublicKey, JsonObject Settings, bool HasSecret)
{
    public string[] SecretSettings { get; init; } = [];

    public static ChannelDto From(Channel c)
    {
        var settings = JsonNode.Parse(c.SettingsJson)?.AsObject() ?? [];
        var secrets = ChannelRules.SecretSettings.Where(settings.ContainsKey).ToArray();
        foreach (var key in secrets) settings.Remove(key);
        return new(c.Id, c.Kind, c.Name, c.PublicKey, settings, !string.IsNullOrEmpty(c.Secret)) { SecretSettings = secrets };
    }
}

public static class ChannelRules
{
    /// <summary>Settings that are secrets: write-only, like the channel's secret, and kept when a later update leaves them out.</summary>
    public static readonly string[] SecretSettings = ["pageAccessToken", "verifyToken"];

    private static bool BeAnAddress(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var address) && address.Length <= 320
        && MimeKit.MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address == address && address.Contains('@');

    private static bool BeAUrl(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var url) && url.Length <= 2000
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static bool BeText(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) && text.Length is > 0 and <= 2000;

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
        v.RuleFor(r => settings(r)!["address"]).Must(BeAnAddress).When(r => settings(r)?["address"] is not null)
            .OverridePropertyName("settings.address").WithMessage("'settings.address' must be a mail address such as support@shop.example.");
        foreach (var key in new[] { "replyUrl", "graphApiBaseUrl" })
            v.RuleFor(r => settings(r)![key]).Must(BeAUrl).When(r => settings(r)?[key] is not null)
                .OverridePropertyName("settings." + key).WithMessage($"'settings.{key}' must be an absolute http or https address.");
        foreach (var key in SecretSettings.Append("displayName").Append("pageId"))
            v.RuleFor(r => settings(r)![key]).Must(BeText).When(r => settings(r)?[key] is not null)
                .OverridePropertyName("settings." + key).WithMessage($"'settings.{key}' must be text of 1 to 2,000 characters.");
    }
}
