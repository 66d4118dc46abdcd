namespace Helpdesk.Features.Channels.Marketplace;

/// <summary>A marketplace seller account behind a relay. The channel's secret signs both ways.</summary>
public sealed record MarketplaceSettings : ConversationalSettings
{
    /// <summary>Where replies are POSTed.</summary>
    public string? ReplyUrl { get; init; }
}

public sealed class MarketplaceSettingsValidator : SettingsValidator<MarketplaceSettings>
{
    public MarketplaceSettingsValidator()
    {
        WebAddress(s => s.ReplyUrl);
        Language(s => s.DefaultLanguage);
    }
}
