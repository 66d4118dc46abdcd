using System.Runtime.InteropServices;

namespace Helpdesk.Benchmarks;

/// <summary>The summary is Markdown, so it can be pasted into the benchmark docs as printed.</summary>
public static class Report
{
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
        Pinning.Describe() + $"; database {Database}; load average (1, 5, 15 min) at the start {_loadAtStart}, at the end {LoadAverage()}";

    private static string _loadAtStart = "unknown";

    /// <summary>What the helpdesk ran on, as the summary says it.</summary>
    public static string Database { get; set; } = "SQLite";

    /// <summary>Other work on the machine skews every figure: the summary says how busy it was.</summary>
    public static void NoteLoadAtStart() => _loadAtStart = LoadAverage();

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    public static string N(double value, int decimals = 0) =>
        double.IsNaN(value) ? "n/a" : value.ToString("N" + decimals);

    public static void Progress(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    /// <summary>Prints a Markdown table: a header row, then rows of cells.</summary>
    public static void Table(params string[][] rows)
    {
        Console.WriteLine("| " + string.Join(" | ", rows[0]) + " |");
        Console.WriteLine("|" + string.Concat(rows[0].Select(_ => "---|")));
        foreach (var row in rows.Skip(1)) Console.WriteLine("| " + string.Join(" | ", row) + " |");
        Console.WriteLine();
    }

    public static void ServerErrors(string name, int count, List<string> first)
    {
        Console.WriteLine($"{name} log: {count} error entries" + (count == 0 ? "" : $", the first {first.Count}:"));
        foreach (var line in first) Console.WriteLine($"    {line}");
    }
}
