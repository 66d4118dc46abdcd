using System.Text.Json.Nodes;
using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

/// <summary>
/// Renames a channel, replaces its settings, and sets a new secret when one is given. Write-only
/// settings left out keep their stored value, since the API never shows them to send back; sent
/// as null, they are cleared. The settings are checked by the channel's kind, known once it is found.
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
        if (r.Settings is not null)
        {
            var sent = r.Settings.DeepClone().AsObject();
            foreach (var (name, kept) in ChannelSettings.Read(channel.Kind, channel.SettingsJson).Secrets())
                sent.TryAdd(name, kept!.DeepClone());
            channel.SettingsJson = ChannelSettings.Parse(channel.Kind, sent).ToJson();
        }
        channel.Name = r.Name!.Trim();
        if (r.Secret is not null) channel.Secret = r.Secret;
        await db.SaveChangesAsync(ct);
        return ChannelDto.From(channel);
    }
}
