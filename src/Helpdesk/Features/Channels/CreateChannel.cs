using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Channels;

public sealed record CreateChannel(string? Kind, string? Name, string? Secret, JsonObject? Settings)
    : IRequest<ChannelDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/channels", async (CreateChannel request, IMediator m, CancellationToken ct) =>
            {
                var channel = await m.Send(request, ct);
                return Results.Created($"/api/channels/{channel.Id}", channel);
            })
            .RequireAuthorization(AgentRoles.Admin).WithTags("Channels").Produces<ChannelDto>(StatusCodes.Status201Created);

    public static string NewPublicKey() => "pk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public sealed class CreateChannelValidator : AbstractValidator<CreateChannel>
{
    public CreateChannelValidator()
    {
        RuleFor(r => r.Kind).Must(k => k is not null && ChannelKinds.All.Contains(k))
            .WithMessage("'kind' must be storefront, email, messenger, marketplace or shopify.");
        ChannelRules.Apply(this, r => r.Name, r => r.Secret, r => r.Settings);
        RuleFor(r => r.Settings).Custom((settings, context) =>
            {
                foreach (var failure in ChannelSettings.Check(context.InstanceToValidate.Kind!, settings)) context.AddFailure(failure);
            })
            .When(r => r.Kind is not null && ChannelKinds.All.Contains(r.Kind) && r.Settings is not null);
    }
}

public sealed class CreateChannelHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<CreateChannel, ChannelDto>
{
    public async Task<ChannelDto> Handle(CreateChannel r, CancellationToken ct)
    {
        var channel = new Channel
        {
            Kind = r.Kind!, Name = r.Name!.Trim(), Secret = r.Secret,
            PublicKey = r.Kind == ChannelKinds.Storefront ? CreateChannel.NewPublicKey() : null,
            SettingsJson = ChannelSettings.Parse(r.Kind!, r.Settings).ToJson(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Channels.Add(channel);
        await db.SaveChangesAsync(ct);
        return ChannelDto.From(channel);
    }
}
