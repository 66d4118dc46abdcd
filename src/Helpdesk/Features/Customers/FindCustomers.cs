namespace Helpdesk.Features.Customers;

public sealed record CustomerSummary(long Id, string Name, string? Email, string Tier, int OrderCount);

/// <summary>Customers by name, email or any identity, for an agent looking for a duplicate to merge.</summary>
public sealed record FindCustomers(string? Query) : IRequest<CustomerSummary[]>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/customers", (string? query, IMediator m, CancellationToken ct) => m.Send(new FindCustomers(query), ct))
            .RequireAuthorization().WithTags("Customers");
}

public sealed class FindCustomersValidator : AbstractValidator<FindCustomers>
{
    public FindCustomersValidator() => RuleFor(r => r.Query).NotEmpty().MinimumLength(2).MaximumLength(100).WithName("query");
}

public sealed class FindCustomersHandler(HelpdeskDbContext db) : IRequestHandler<FindCustomers, CustomerSummary[]>
{
    public Task<CustomerSummary[]> Handle(FindCustomers r, CancellationToken ct)
    {
        var pattern = $"%{r.Query!.Trim().Replace("%", "").Replace("_", "")}%";
        return db.Customers.AsNoTracking()
            .Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.Email!, pattern)
                        || c.Identities.Any(i => EF.Functions.Like(i.Value, pattern)))
            .OrderBy(c => c.Name).Take(20)
            .Select(c => new CustomerSummary(c.Id, c.Name, c.Email, c.Tier, c.OrderCount))
            .ToArrayAsync(ct);
    }
}
