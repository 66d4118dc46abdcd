namespace Helpdesk.Features.Channels.Email;

/// <summary>A support mailbox: the address replies leave from and the name they are signed with.</summary>
public sealed record EmailSettings : ConversationalSettings
{
    public string? Address { get; init; }
    /// <summary>Unset, the store's name.</summary>
    public string? DisplayName { get; init; }
}

public sealed class EmailSettingsValidator : SettingsValidator<EmailSettings>
{
    public EmailSettingsValidator()
    {
        MailAddress(s => s.Address);
        Text(s => s.DisplayName);
        Language(s => s.DefaultLanguage);
    }
}
