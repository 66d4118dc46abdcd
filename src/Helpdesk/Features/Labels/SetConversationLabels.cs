namespace Helpdesk.Features.Labels;

/// <summary>
/// Replaces a conversation's labels. A name the catalogue does not have yet is added to it, with a
/// colour of its own, so that labelling never needs a trip to the settings.
/// </summary>
public sealed record SetConversationLabels(long ConversationId, IReadOnlyList<string?>? Labels) : IRequest<SetConversationLabels.Result>, IEndpoint
{
    public sealed record Input(IReadOnlyList<string?>? Labels);
    public sealed record Result(IReadOnlyList<string> Labels);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/conversations/{id:long}/labels", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new SetConversationLabels(id, input.Labels), ct))
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class SetConversationLabelsValidator : AbstractValidator<SetConversationLabels>
{
    public SetConversationLabelsValidator()
    {
        RuleFor(r => r.Labels).NotNull().OverridePropertyName("labels").WithMessage("'labels' is needed: a list of names, empty for none.");
        RuleFor(r => r.Labels!.Count).LessThanOrEqualTo(LabelRules.MaxPerConversation).When(r => r.Labels is not null)
            .OverridePropertyName("labels").WithMessage($"A conversation has at most {LabelRules.MaxPerConversation} labels.");
        RuleForEach(r => r.Labels).LabelName().When(r => r.Labels is { Count: <= LabelRules.MaxPerConversation })
            .OverridePropertyName("labels");
    }
}

public sealed class SetConversationLabelsHandler(WriteQueue writes, IMediator mediator, TimeProvider time)
    : IRequestHandler<SetConversationLabels, SetConversationLabels.Result>
{
    public async Task<SetConversationLabels.Result> Handle(SetConversationLabels r, CancellationToken ct)
    {
        var wanted = r.Labels!.Select(LabelRules.Normalize).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var (changed, labels) = await writes.RunAsync(async db =>
        {
            await db.LockConversationAsync(r.ConversationId);
            if (!await db.Conversations.AnyAsync(c => c.Id == r.ConversationId)) throw new NotFoundException("Conversation");
            var known = await db.Labels.Where(l => wanted.Contains(l.Name)).ToDictionaryAsync(l => l.Name);
            var added = wanted.Where(n => !known.ContainsKey(n)).Select(n => new Label { Name = n, Color = LabelColors.For(n) }).ToList();
            await LabelCatalogue.EnsureRoomAsync(db, added.Count, "labels");
            db.Labels.AddRange(added);
            await db.SaveChangesAsync();
            var ids = known.Values.Concat(added).Select(l => l.Id).ToHashSet();

            var current = await db.ConversationLabels.Where(cl => cl.ConversationId == r.ConversationId).ToListAsync();
            db.ConversationLabels.RemoveRange(current.Where(cl => !ids.Contains(cl.LabelId)));
            db.ConversationLabels.AddRange(ids.Where(id => current.All(cl => cl.LabelId != id))
                .Select(id => new ConversationLabel { ConversationId = r.ConversationId, LabelId = id }));
            var changed = db.ChangeTracker.HasChanges();
            await db.SaveChangesAsync();
            return (changed, wanted);
        });
        if (changed) await LabelsChanged.PublishAsync(mediator, [r.ConversationId], time.GetUtcNow().UtcDateTime);
        return new SetConversationLabels.Result(labels);
    }
}
