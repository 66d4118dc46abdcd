using System.Globalization;
using System.Text;

namespace Helpdesk.Features.Reports;

/// <summary>
/// Durations kept as a histogram, so days can be summed and percentiles read without the events:
/// to the second below ten minutes, and in steps of 1 % above (a percentile read from it is within
/// 1 % of the true one). Percentiles are nearest-rank: the median of 3, 5, 10 and 20 minutes is 5.
/// </summary>
public sealed class Durations
{
    private const int ExactSeconds = 600;
    private static readonly double Step = Math.Log(1.01);

    /// <summary>
    /// Unordered, so that summing a year of days' histograms costs a hash per bucket; sorted only when read
    /// (a percentile, the text form), which happens a few times per report.
    /// </summary>
    private readonly Dictionary<int, long> _buckets = [];

    public long Count { get; private set; }

    public static int Bucket(double seconds)
    {
        if (seconds < ExactSeconds) return (int)Math.Floor(Math.Max(0, seconds));
        return ExactSeconds + (int)Math.Floor(Math.Log(seconds / ExactSeconds) / Step);
    }

    /// <summary>The value a bucket stands for: its second, or the middle of its 1 % step.</summary>
    public static double Value(int bucket) =>
        bucket < ExactSeconds ? bucket : ExactSeconds * Math.Exp((bucket - ExactSeconds + 0.5) * Step);

    public void Add(double seconds) => Add(Bucket(seconds), 1);

    private void Add(int bucket, long count)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_buckets, bucket, out _) += count;
        Count += count;
    }

    private IEnumerable<KeyValuePair<int, long>> Ordered() => _buckets.OrderBy(b => b.Key);

    public void Add(Durations other)
    {
        foreach (var (bucket, count) in other._buckets) Add(bucket, count);
    }

    /// <summary>The nearest-rank percentile in seconds (<paramref name="p"/> from 0 to 1), or null without data.</summary>
    public double? Percentile(double p)
    {
        if (Count == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        foreach (var (bucket, count) in Ordered())
        {
            seen += count;
            if (seen >= rank) return Value(bucket);
        }
        return Value(_buckets.Keys.Max());
    }

    /// <summary>The text a roll-up keeps: "bucket:count" pairs separated by semicolons.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (bucket, count) in Ordered())
        {
            if (text.Length > 0) text.Append(';');
            text.Append(bucket.ToString(CultureInfo.InvariantCulture)).Append(':').Append(count.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>Adds what <see cref="ToString"/> wrote.</summary>
    public void AddText(string text)
    {
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':');
            Add(int.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture), long.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture));
        }
    }
}
