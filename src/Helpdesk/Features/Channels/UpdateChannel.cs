using System.Text.Json.Nodes;
using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

/// <summary>
/// Renames a channel, replaces its settings, and sets a new secret when one is given. Secret
/// settings left out keep their stored value, since the API never shows them to send back.
/// </summary>
public sealed record UpdateChannel(long Id, string? Name, string? Secret, JsonObject? Settings) : IRequest<ChannelDto>, IEndpoint
{
    public sealed record Input(string? Name, string? Secret, JsonObject? Settings);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/channels/{id:long}", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new UpdateChannel(id, input.Name, input.Secret, input.Settings), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Channels");
}

public sealed class UpdateChannelValidator : AbstractValidator<UpdateChannel>
{
    public UpdateChannelValidator() => ChannelRules.Apply(this, r => r.Name, r => r.Secret, r => r.Settings);
}

public sealed class UpdateChannelHandler(HelpdeskDbContext db) : IRequestHandler<UpdateChannel, ChannelDto>
{
    public async Task<ChannelDto> Handle(UpdateChannel r, CancellationToken ct)
    {
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Id == r.Id, ct) ?? throw new NotFoundException("Channel");
        channel.Name = r.Name!.Trim();
        if (r.Secret is not null) channel.Secret = r.Secret;
        if (r.Settings is not null)
        {
            var stored = JsonNode.Parse(channel.SettingsJson)?.AsObject() ?? [];
            var settings = r.Settings.DeepClone().AsObject();
            foreach (var key in ChannelRules.SecretSettings)
                if (!settings.ContainsKey(key) && stored[key] is { } kept) settings[key] = kept.DeepClone();
            channel.SettingsJson = settings.ToJsonString();
        }
        await db.SaveChangesAsync(ct);
        return ChannelDto.From(channel);
    }
}
