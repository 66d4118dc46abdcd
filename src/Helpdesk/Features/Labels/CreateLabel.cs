namespace Helpdesk.Features.Labels;

/// <summary>Any agent may add to the catalogue, as they may by typing a new label onto a conversation.</summary>
/// <param name="Color">One of the palette's; left out, the name picks one.</param>
public sealed record CreateLabel(string? Name, string? Color) : IRequest<LabelDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/labels", async (CreateLabel request, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(request, ct);
                return Results.Created($"/api/labels/{created.Id}", created);
            })
            .RequireAuthorization().WithTags("Labels").Produces<LabelDto>(StatusCodes.Status201Created);
}

public sealed class CreateLabelValidator : AbstractValidator<CreateLabel>
{
    public CreateLabelValidator()
    {
        RuleFor(r => r.Name).LabelName().OverridePropertyName("name");
        RuleFor(r => r.Color).Must(c => c is null || LabelColors.All.Contains(c)).OverridePropertyName("color")
            .WithMessage($"'color' must be one of {string.Join(", ", LabelColors.All)}.");
    }
}

public sealed class CreateLabelHandler(WriteQueue writes) : IRequestHandler<CreateLabel, LabelDto>
{
    public Task<LabelDto> Handle(CreateLabel r, CancellationToken ct) =>
        writes.RunAsync(async db =>
        {
            var name = LabelRules.Normalize(r.Name)!;
            if (await db.Labels.AnyAsync(l => l.Name == name)) throw new ConflictException($"The label '{name}' exists already.");
            await LabelCatalogue.EnsureRoomAsync(db, 1);
            var label = new Label { Name = name, Color = r.Color ?? LabelColors.For(name) };
            db.Labels.Add(label);
            await db.SaveChangesAsync();
            return LabelDto.From(label);
        });
}
