namespace Helpdesk.Features.Channels;

/// <summary>The chat widget on the shop's own site.</summary>
public sealed record StorefrontSettings : ConversationalSettings
{
    /// <summary>The email channel a shopper's one-time codes leave from; unset (or gone), the shop's first mailbox.</summary>
    public long? EmailChannelId { get; init; }
}

public sealed class StorefrontSettingsValidator : SettingsValidator<StorefrontSettings>
{
    public StorefrontSettingsValidator()
    {
        Language(s => s.DefaultLanguage);
        Id(s => s.EmailChannelId, "an email channel");
    }
}
