using System.Text.RegularExpressions;
using Helpdesk.Features.CannedResponses;

namespace Helpdesk.Features.Channels;

/// <summary>The chat widget on the shop's own site.</summary>
public sealed record StorefrontSettings : ConversationalSettings
{
    /// <summary>The email channel a shopper's one-time codes leave from; unset (or gone), the shop's first mailbox.</summary>
    public long? EmailChannelId { get; init; }

    /// <summary>The widget's colour, <c>#rrggbb</c>; the widget picks the text colour on it for contrast.</summary>
    public string? Color { get; init; }

    /// <summary>Which corner of the shop's page the widget sits in: <see cref="WidgetPositions"/>.</summary>
    public string? Position { get; init; }

    /// <summary>The first words in the chat, per language the widget speaks; plain text, shown as text.</summary>
    public Dictionary<string, string>? Greeting { get; init; }
}

public static class WidgetPositions
{
    public const string BottomRight = "bottom-right";
    public const string BottomLeft = "bottom-left";
    public static readonly string[] All = [BottomRight, BottomLeft];
}

public sealed partial class StorefrontSettingsValidator : SettingsValidator<StorefrontSettings>
{
    public const int GreetingMaxLength = 300;

    public StorefrontSettingsValidator()
    {
        Language(s => s.DefaultLanguage);
        Id(s => s.EmailChannelId, "an email channel");
        // Only six hex digits: the value ends up in the widget's CSS, so nothing that could close a declaration.
        RuleFor(s => s.Color).Must(c => c is null || HexColor().IsMatch(c)).OverridePropertyName("settings.color")
            .WithMessage("'settings.color' must be a colour written #rrggbb, such as #1d4e79.");
        RuleFor(s => s.Position).Must(p => p is null || WidgetPositions.All.Contains(p)).OverridePropertyName("settings.position")
            .WithMessage($"'settings.position' must be {string.Join(" or ", WidgetPositions.All)}.");
        RuleFor(s => s.Greeting).Custom((greeting, context) =>
        {
            foreach (var (language, text) in greeting ?? [])
            {
                if (!Languages.Shipped.Contains(language))
                    context.AddFailure("settings.greeting",
                        $"'settings.greeting' has greetings for {string.Join(", ", Languages.Shipped)} only, the languages the widget speaks.");
                else if (text is null || text.Trim().Length == 0 || text.Length > GreetingMaxLength || text.Any(c => char.IsControl(c) && c != '\n'))
                    context.AddFailure($"settings.greeting.{language}",
                        $"'settings.greeting.{language}' must be plain text of 1 to {GreetingMaxLength} characters.");
            }
        });
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
