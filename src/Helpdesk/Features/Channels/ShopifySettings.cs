namespace Helpdesk.Features.Channels;

/// <summary>A Shopify store sends orders only; its secret is all it needs.</summary>
public sealed record ShopifySettings : ChannelSettings;

public sealed class ShopifySettingsValidator : SettingsValidator<ShopifySettings>;
