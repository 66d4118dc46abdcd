namespace Helpdesk.Features.Channels.Messenger;

/// <summary>A Facebook page. The channel's secret is the app secret that signs Meta's webhooks.</summary>
public sealed record MessengerSettings : ConversationalSettings
{
    public string? PageId { get; init; }
    /// <summary>What Meta's subscription handshake must present.</summary>
    [WriteOnly] public string? VerifyToken { get; init; }
    /// <summary>Authorises replies through the Send API.</summary>
    [WriteOnly] public string? PageAccessToken { get; init; }
    /// <summary>Where the Send API is; unset, Meta's own.</summary>
    public string? GraphApiBaseUrl { get; init; }

    public const string DefaultGraphApiBaseUrl = "https://graph.facebook.com/v21.0";
}

public sealed class MessengerSettingsValidator : SettingsValidator<MessengerSettings>
{
    public MessengerSettingsValidator()
    {
        Text(s => s.PageId);
        Text(s => s.VerifyToken);
        Text(s => s.PageAccessToken);
        WebAddress(s => s.GraphApiBaseUrl);
        Language(s => s.DefaultLanguage);
    }
}
