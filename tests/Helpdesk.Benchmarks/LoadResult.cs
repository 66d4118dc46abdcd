namespace Helpdesk.Benchmarks;

/// <summary>One phase of load against one server: acks counted in the measured window, everything else over the whole phase.</summary>
public sealed record LoadResult(
    int Clients, double MeasuredSeconds, long AckedInWindow, long AckedTotal,
    long Errors, string? FirstError, int LostConnections, int Unanswered, LatencyStats Latency)
{
    public double MessagesPerSecond => AckedInWindow / MeasuredSeconds;
}
