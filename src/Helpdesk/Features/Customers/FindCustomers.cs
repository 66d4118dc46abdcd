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
        // Case does not matter to someone searching: SQLite's LIKE ignores it, PostgreSQL's ILIKE does.
        var customers = db.Customers.AsNoTracking();
        customers = db.Database.IsNpgsql()
            ? customers.Where(c => EF.Functions.ILike(c.Name, pattern) || EF.Functions.ILike(c.Email!, pattern)
                                   || c.Identities.Any(i => EF.Functions.ILike(i.Value, pattern)))
            : customers.Where(c => EF.Functions.Like(c.Name, pattern) || EF.Functions.Like(c.Email!, pattern)
                                   || c.Identities.Any(i => EF.Functions.Like(i.Value, pattern)));
        return customers
            .OrderBy(c => c.Name).Take(20)
            .Select(c => new CustomerSummary(c.Id, c.Name, c.Email, c.Tier, c.OrderCount))
            .ToArrayAsync(ct);
    }
}
