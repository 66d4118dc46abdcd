using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation.Results;
using Helpdesk.Features.Channels.Email;
using Helpdesk.Features.Channels.Marketplace;
using Helpdesk.Features.Channels.Messenger;

namespace Helpdesk.Features.Channels;

/// <summary>
/// A channel's settings, one record per kind, and the one place that turns them into and out of
/// <see cref="Channel.SettingsJson"/> (a camelCase object, unset settings left out).
/// </summary>
/// <remarks>
/// What an admin sends is read strictly: a key the kind does not have is refused by name, since a
/// misspelt <c>replyUrl</c> would otherwise be stored, shown back, and only fail at the first
/// reply. What is stored is read leniently: a row written by an earlier version, with keys or
/// values this one does not know, still reads, and what does not fit is as if unset.
/// </remarks>
public abstract record ChannelSettings
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private sealed record Shape(Type Type, IValidator Validator);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        [ChannelKinds.Storefront] = new(typeof(StorefrontSettings), new StorefrontSettingsValidator()),
        [ChannelKinds.Email] = new(typeof(EmailSettings), new EmailSettingsValidator()),
        [ChannelKinds.Messenger] = new(typeof(MessengerSettings), new MessengerSettingsValidator()),
        [ChannelKinds.Marketplace] = new(typeof(MarketplaceSettings), new MarketplaceSettingsValidator()),
        [ChannelKinds.Shopify] = new(typeof(ShopifySettings), new ShopifySettingsValidator()),
    };

    /// <summary>The stored settings of a channel of <paramref name="kind"/>.</summary>
    public static ChannelSettings Read(string kind, string json) => Read(ShapeOf(kind).Type, json);

    /// <summary>The stored settings, when the kind is known from the query that found them.</summary>
    public static T Read<T>(string json) where T : ChannelSettings => (T)Read(typeof(T), json);

    /// <summary>Why <paramref name="json"/> is not a valid set of settings for <paramref name="kind"/>; empty when it is.</summary>
    public static IReadOnlyList<ValidationFailure> Check(string kind, JsonObject? json) => Convert(kind, json).Failures;

    /// <summary>The settings an admin sent, typed; a <see cref="ValidationException"/> naming each bad setting otherwise.</summary>
    public static ChannelSettings Parse(string kind, JsonObject? json)
    {
        var (settings, failures) = Convert(kind, json);
        return failures.Count > 0 ? throw new ValidationException(failures) : settings!;
    }

    /// <summary>What <see cref="Channel.SettingsJson"/> holds.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);

    /// <summary>The settings the API shows: all but the write-only ones.</summary>
    public JsonObject Shown()
    {
        var shown = JsonSerializer.SerializeToNode(this, GetType(), Json)!.AsObject();
        foreach (var name in WriteOnlyNames(GetType())) shown.Remove(name);
        return shown;
    }

    /// <summary>The write-only settings that are set, by name: the API says they are set, never what they are.</summary>
    public JsonObject Secrets()
    {
        var all = JsonSerializer.SerializeToNode(this, GetType(), Json)!.AsObject();
        var secrets = new JsonObject();
        foreach (var name in WriteOnlyNames(GetType()))
            if (all[name] is { } value) secrets[name] = value.DeepClone();
        return secrets;
    }

    private static Shape ShapeOf(string kind) =>
        Shapes.TryGetValue(kind, out var shape) ? shape : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a channel kind.");

    private static ChannelSettings Read(Type type, string json)
    {
        JsonObject? stored;
        try { stored = JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { stored = null; }
        var known = new JsonObject();
        foreach (var property in Json.GetTypeInfo(type).Properties)
            if (stored?[property.Name] is { } value && Fits(value, property.PropertyType))
                known[property.Name] = value.DeepClone();
        return (ChannelSettings)known.Deserialize(type, Json)!;
    }

    private static (ChannelSettings? Settings, List<ValidationFailure> Failures) Convert(string kind, JsonObject? json)
    {
        var shape = ShapeOf(kind);
        var properties = Json.GetTypeInfo(shape.Type).Properties;
        var failures = new List<ValidationFailure>();
        var known = new JsonObject();
        foreach (var (key, value) in json ?? [])
        {
            var field = "settings." + key;
            var property = properties.FirstOrDefault(p => p.Name == key);
            if (property is null)
                failures.Add(new(field, properties.Count == 0
                    ? $"'{field}' is not a setting: {kind} channels have none."
                    : $"'{field}' is not a setting of {kind} channels; they have {string.Join(", ", properties.Select(p => p.Name))}."));
            else if (value is null) continue; // null is unset
            else if (!Fits(value, property.PropertyType)) failures.Add(new(field, $"'{field}' must be {Describe(property.PropertyType)}."));
            else known[key] = value.DeepClone();
        }
        if (failures.Count > 0) return (null, failures);

        var settings = (ChannelSettings)known.Deserialize(shape.Type, Json)!;
        failures.AddRange(shape.Validator.Validate(new ValidationContext<object>(settings)).Errors);
        return (failures.Count > 0 ? null : settings, failures);
    }

    private static bool Fits(JsonNode value, Type type)
    {
        try
        {
            value.Deserialize(type, Json);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "text",
        var t when t == typeof(long) => "a whole number",
        var t when t == typeof(Dictionary<string, string>) => "an object of texts by language, such as { \"en\": \"…\" }",
        var t => "a " + t.Name,
    };

    private static IEnumerable<string> WriteOnlyNames(Type type) =>
        Json.GetTypeInfo(type).Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(WriteOnlyAttribute), inherit: true) == true)
            .Select(p => p.Name);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
