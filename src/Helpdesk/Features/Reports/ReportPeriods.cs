using Helpdesk.Infrastructure;
namespace Helpdesk.Features.Reports;

/// <summary>How a report's <c>from</c> and <c>to</c> become a period: the last 30 days up to now unless given; a time without a zone is UTC.</summary>
public static class ReportPeriods
{
    public static readonly TimeSpan DefaultLength = TimeSpan.FromDays(30);
    /// <summary>Ten years: any question a shop asks of its history, and a bound on what one request reads.</summary>
    public static readonly TimeSpan LongestLength = TimeSpan.FromDays(3653);

    public static DateTime? Utc(DateTime? at) => at?.Kind switch
    {
        DateTimeKind.Local => at.Value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(at.Value, DateTimeKind.Utc),
        _ => at,
    };

    public static (DateTime From, DateTime To) Bounds(DateTime? from, DateTime? to, TimeProvider time)
    {
        var end = Utc(to) ?? time.GetUtcNow().UtcDateTime;
        return (Utc(from) ?? end - DefaultLength, end);
    }

    public static ReportPeriod Of(DateTime? from, DateTime? to, long? channelId, long? agentId, StoreOptions store, TimeProvider time)
    {
        var (start, end) = Bounds(from, to, time);
        return new ReportPeriod(start, end, channelId, agentId, store.Zone);
    }
}

/// <summary>A report's period: <c>from</c> before <c>to</c>, at most ten years; each report's validator starts from it.</summary>
public abstract class ReportPeriodValidator<T> : AbstractValidator<T>
{
    protected ReportPeriodValidator(TimeProvider time, Func<T, DateTime?> from, Func<T, DateTime?> to)
    {
        RuleFor(r => ReportPeriods.Bounds(from(r), to(r), time))
            .Must(b => b.From < b.To).WithName("from").WithMessage("'from' must be before 'to'.")
            .Must(b => b.To - b.From <= ReportPeriods.LongestLength).WithName("from").WithMessage("'from' must be at most ten years before 'to'.")
            .OverridePropertyName("from");
    }
}
