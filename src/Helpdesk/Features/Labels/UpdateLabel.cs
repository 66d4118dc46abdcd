using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Labels;

/// <summary>
/// Renames or recolours a label everywhere it is used. Admins only: it changes every agent's
/// conversations and saved habits (decision 0014).
/// </summary>
public sealed record UpdateLabel(long Id, string? Name, string? Color) : IRequest<LabelDto>, IEndpoint
{
    public sealed record Input(string? Name, string? Color);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/labels/{id:long}", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new UpdateLabel(id, input.Name, input.Color), ct))
            .RequireAuthorization(AgentRoles.Admin).WithTags("Labels");
}

public sealed class UpdateLabelValidator : AbstractValidator<UpdateLabel>
{
    public UpdateLabelValidator()
    {
        RuleFor(r => r.Name).LabelName().When(r => r.Name is not null).OverridePropertyName("name");
        RuleFor(r => r.Color).Must(c => c is null || LabelColors.All.Contains(c)).OverridePropertyName("color")
            .WithMessage($"'color' must be one of {string.Join(", ", LabelColors.All)}.");
    }
}

public sealed class UpdateLabelHandler(WriteQueue writes, IMediator mediator, TimeProvider time) : IRequestHandler<UpdateLabel, LabelDto>
{
    public async Task<LabelDto> Handle(UpdateLabel r, CancellationToken ct)
    {
        var (label, touched) = await writes.RunAsync(async db =>
        {
            var label = await db.Labels.FirstOrDefaultAsync(l => l.Id == r.Id) ?? throw new NotFoundException("Label");
            if (LabelRules.Normalize(r.Name) is { } name && name != label.Name)
            {
                if (await db.Labels.AnyAsync(l => l.Name == name && l.Id != r.Id))
                    throw new ConflictException($"The label '{name}' exists already.");
                label.Name = name;
            }
            label.Color = r.Color ?? label.Color;
            var touched = db.ChangeTracker.HasChanges()
                ? await db.ConversationLabels.Where(cl => cl.LabelId == r.Id).Select(cl => cl.ConversationId).ToListAsync()
                : [];
            await db.SaveChangesAsync();
            return (LabelDto.From(label), touched);
        });
        await LabelsChanged.PublishAsync(mediator, touched, time.GetUtcNow().UtcDateTime);
        return label;
    }
}
