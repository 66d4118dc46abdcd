namespace Helpdesk.Features.Channels;

/// <summary>A channel setting that, like the channel's secret, is taken in but never shown.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WriteOnlyAttribute : Attribute;
