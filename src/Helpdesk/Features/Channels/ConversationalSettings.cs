namespace Helpdesk.Features.Channels;

/// <summary>Settings of a channel customers write through.</summary>
public abstract record ConversationalSettings : ChannelSettings
{
    /// <summary>The language its customers write in when they do not say: automatic replies and survey invitations use it.</summary>
    public string? DefaultLanguage { get; init; }
}
