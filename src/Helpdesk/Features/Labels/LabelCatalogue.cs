using FluentValidation.Results;

namespace Helpdesk.Features.Labels;

/// <summary>The catalogue's bound, shared by creating a label and typing new ones onto a conversation.</summary>
public static class LabelCatalogue
{
    /// <exception cref="ValidationException">Adding <paramref name="adding"/> labels would pass <see cref="LabelRules.MaxLabels"/>.</exception>
    public static async Task EnsureRoomAsync(HelpdeskDbContext db, int adding, string field = "name")
    {
        if (adding > 0 && await db.Labels.CountAsync() + adding > LabelRules.MaxLabels)
            throw new ValidationException([new ValidationFailure(field,
                $"There are {LabelRules.MaxLabels} labels already; rename or delete some before adding more.")]);
    }
}
