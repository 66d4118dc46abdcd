using FluentValidation.Results;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Queue;

namespace Helpdesk.Features.Customers;

/// <summary>
/// Two records turn out to be one person: the other customer's identities, orders, conversations
/// and visitors move over, nothing is lost, and the other record goes.
/// </summary>
public sealed record MergeCustomers(long CustomerId, long OtherCustomerId) : IRequest<CustomerDetail>, IEndpoint
{
    public sealed record Input(long? OtherCustomerId);

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/customers/{id:long}/merge", (long id, Input input, IMediator m, CancellationToken ct) =>
                m.Send(new MergeCustomers(id, input.OtherCustomerId ?? 0), ct))
            .RequireAuthorization().WithTags("Customers");
}

/// <summary>Published after a merge was committed.</summary>
public sealed class MergeCustomersValidator : AbstractValidator<MergeCustomers>
{
    public MergeCustomersValidator()
    {
        RuleFor(r => r.OtherCustomerId).GreaterThan(0).WithName("otherCustomerId");
        RuleFor(r => r.OtherCustomerId).NotEqual(r => r.CustomerId).WithName("otherCustomerId")
            .WithMessage("A customer cannot be merged with itself.");
    }
}

public sealed class MergeCustomersHandler(WriteQueue writes, TierPolicy tiers, ConversationLifecycle lifecycle, IMediator mediator, TimeProvider time)
    : IRequestHandler<MergeCustomers, CustomerDetail>
{
    public async Task<CustomerDetail> Handle(MergeCustomers r, CancellationToken ct)
    {
        // One write-queue operation: the merge is all or nothing, and shares the commit with the other writers.
        var (keepId, changes) = await writes.RunAsync(async db =>
        {
            var keep = await db.Customers.FirstOrDefaultAsync(c => c.Id == r.CustomerId) ?? throw new NotFoundException("Customer");
            var other = await db.Customers.FirstOrDefaultAsync(c => c.Id == r.OtherCustomerId)
                ?? throw new ValidationException([new ValidationFailure("otherCustomerId", "No customer has this id.")]);

            await db.CustomerIdentities.Where(i => i.CustomerId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.CustomerId, keep.Id));
            await db.Orders.Where(o => o.CustomerId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, keep.Id));
            await db.Visitors.Where(v => v.CustomerId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(v => v.CustomerId, keep.Id));
            await db.Surveys.Where(x => x.CustomerId == other.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CustomerId, keep.Id));
            keep.Email ??= other.Email;
            // Either record's wish for no more surveys holds for the person.
            keep.SurveysUnsubscribedAt ??= other.SurveysUnsubscribedAt;
            keep.Locale ??= other.Locale;
            keep.TimeZone ??= other.TimeZone;
            tiers.Apply(keep, await db.Orders.AsNoTracking().Where(o => o.CustomerId == keep.Id).ToListAsync());
            await db.SaveChangesAsync();
            // Every conversation of either customer is now the merged customer's, prioritised by the merged history.
            var now = time.GetUtcNow().UtcDateTime;
            var facts = PriorityFacts.Of(keep);
            var conversations = await db.Conversations.Where(c => c.CustomerId == other.Id || c.CustomerId == keep.Id)
                .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { Conversation = c, ch.Kind }).ToListAsync();
            var changed = conversations.Select(x => new ConversationChanged(x.Conversation.Id,
                lifecycle.Apply(x.Conversation, x.Kind, new Transition.Merge(now, keep.Id, facts)))).ToList();
            await db.SaveChangesAsync();
            await db.Customers.Where(c => c.Id == other.Id).ExecuteDeleteAsync();
            return (keep.Id, changed);
        });

        foreach (var changed in changes) await mediator.Publish(changed, CancellationToken.None);
        return await mediator.Send(new GetCustomer(keepId), ct);
    }
}
