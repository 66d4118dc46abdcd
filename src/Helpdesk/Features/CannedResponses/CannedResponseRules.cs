using FluentValidation.Results;
using Helpdesk.Features.Conversations;

namespace Helpdesk.Features.CannedResponses;

/// <summary>What every canned response must be, whether created or changed.</summary>
public static class CannedResponseRules
{
    public static void Apply<T>(AbstractValidator<T> v, Func<T, string?> shortcut, Func<T, string?> title,
        Func<T, string?> locale, Func<T, string?> body, Func<T, string?> purpose)
    {
        v.RuleFor(r => shortcut(r)).NotEmpty().Matches("^[a-z0-9][a-z0-9-]{0,39}$").OverridePropertyName("shortcut")
            .WithMessage("'shortcut' must be 1 to 40 lowercase letters, digits or hyphens, such as where-is-my-order.");
        v.RuleFor(r => title(r)).NotEmpty().MaximumLength(100).OverridePropertyName("title");
        v.RuleFor(r => locale(r)).NotEmpty().Matches("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$").OverridePropertyName("locale")
            .WithMessage("'locale' must be a language such as en, da, de, nb or lv, optionally with a region (de-AT).");
        v.RuleFor(r => body(r)).MessageBody().OverridePropertyName("body");
        v.RuleFor(r => body(r)).Custom((b, context) =>
        {
            foreach (var problem in Template.Problems(b ?? "")) context.AddFailure("body", problem);
        });
        v.RuleFor(r => purpose(r)).Must(p => p is not null && Purposes.All.Contains(p)).OverridePropertyName("purpose")
            .WithMessage("'purpose' must be macro, after-hours, survey-invitation or resolution-survey.");
    }

    /// <summary>One text per shortcut and language, so the language fallback always has one answer.</summary>
    public static async Task EnsureUniqueAsync(HelpdeskDbContext db, string shortcut, string locale, long exceptId, CancellationToken ct)
    {
        if (await db.CannedResponses.AnyAsync(c => c.Shortcut == shortcut && c.Locale.ToLower() == locale.ToLower() && c.Id != exceptId, ct))
            throw new ValidationException([new ValidationFailure("shortcut", $"'{shortcut}' already has a text in '{locale}'.")]);
    }
}
