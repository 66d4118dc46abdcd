using Helpdesk.Infrastructure.Text;
namespace Helpdesk.Features.Chat;

/// <summary>A shopper leaves a name or an email address, so that an answer can reach them later.</summary>
public sealed record UpdateVisitorContact(long VisitorId, string? Name, string? Email) : IRequest;

public sealed class UpdateVisitorContactValidator : AbstractValidator<UpdateVisitorContact>
{
    public UpdateVisitorContactValidator()
    {
        RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.Name) || !string.IsNullOrWhiteSpace(r.Email))
            .WithName("email").WithMessage("Give a name or an email address.");
        RuleFor(r => r.Name).MaximumLength(200);
        RuleFor(r => r.Email).MaximumLength(320).EmailAddress().When(r => !string.IsNullOrWhiteSpace(r.Email));
    }
}

public sealed class UpdateVisitorContactHandler(HelpdeskDbContext db) : IRequestHandler<UpdateVisitorContact, Unit>
{
    public async Task<Unit> Handle(UpdateVisitorContact r, CancellationToken ct)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(
            c => db.Visitors.Any(v => v.Id == r.VisitorId && v.CustomerId == c.Id), ct)
            ?? throw new NotFoundException("Visitor");
        if (SafeText.Name(r.Name) is { Length: > 0 } name) customer.Name = name;
        if (!string.IsNullOrWhiteSpace(r.Email)) customer.Email = r.Email.Trim();
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
