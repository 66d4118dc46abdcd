using System.Diagnostics;

namespace Helpdesk.Benchmarks;

/// <summary>Exact percentiles of every recorded latency (nearest rank); a run holds at most a few hundred thousand.</summary>
public sealed class LatencyStats
{
    private readonly long[] _sorted;

    public LatencyStats(IEnumerable<List<long>> perClientTicks)
    {
        _sorted = perClientTicks.SelectMany(t => t).ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;
    public double P50 => Percentile(50);
    public double P90 => Percentile(90);
    public double P99 => Percentile(99);
    public double Max => _sorted.Length == 0 ? double.NaN : Milliseconds(_sorted[^1]);

    /// <summary>In milliseconds; NaN when nothing was recorded, so an empty run cannot pass a latency target.</summary>
    public double Percentile(double p)
    {
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return Milliseconds(_sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)]);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
