using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Helpdesk.Benchmarks;

/// <summary>
/// --pin: the server under test on one core, the load generator on another, so that they do not take each
/// other's time and the helpdesk and the echo hub are compared on exactly the same budget. The server is started
/// under `taskset`, so every thread it ever has is on its core and the runtime sees one processor
/// (Environment.ProcessorCount, thread pool and GC heaps follow the affinity); both servers get the same
/// environment. The load generator pins every thread it has so far; threads it starts later inherit that.
/// </summary>
public static class Pinning
{
    public const int ServerCore = 0;
    public const int ClientCore = 1;

    /// <summary>Set when --pin is given: servers started from then on run on <see cref="ServerCore"/>.</summary>
    public static bool Enabled { get; private set; }

    public static void PinThisProcess()
    {
        if (!OperatingSystem.IsLinux()) throw new BenchmarkException("--pin needs Linux (taskset and sched_setaffinity).");
        if (Environment.ProcessorCount < 2)
            throw new BenchmarkException("--pin needs two cores: the server on core 0, the load generator on core 1.");
        if (!File.Exists("/usr/bin/taskset") && !File.Exists("/bin/taskset"))
            throw new BenchmarkException("--pin needs taskset (util-linux).");
        var mask = 1UL << ClientCore;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            // A thread that ended since the listing is no loss.
            if (int.TryParse(Path.GetFileName(task), out var tid)) _ = SchedSetAffinity(tid, sizeof(ulong), ref mask);
        }
        Enabled = true;
    }

    /// <summary>Runs the server's command under `taskset -c 0`, when pinning.</summary>
    public static void Apply(ProcessStartInfo start)
    {
        if (!Enabled) return;
        var command = start.FileName;
        var args = start.ArgumentList.ToList();
        start.FileName = "taskset";
        start.ArgumentList.Clear();
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ServerCore.ToString());
        start.ArgumentList.Add(command);
        foreach (var arg in args) start.ArgumentList.Add(arg);
    }

    public static string Describe() => Enabled
        ? $"server pinned to core {ServerCore} (taskset), load generator to core {ClientCore}"
        : "load generator on the same machine, nothing pinned";

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nint cpusetsize, ref ulong mask);
}
