using System.Globalization;
using System.Runtime.InteropServices;
using Helpdesk.Benchmarks;

// Figures print alike on every machine, so summaries can be pasted side by side.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// The first Ctrl+C (or SIGTERM, SIGHUP) cancels the run, which unwinds through the scenarios and stops
// the servers they started; a second one ends the process at once, killing the servers first.
using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (cancel.IsCancellationRequested) ServerProcess.KillAll();
    context.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

try
{
    var options = BenchmarkOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    Report.NoteLoadAtStart();
    Report.Database = options.CompareDatabases ? "SQLite, then PostgreSQL (its own server, durable defaults)"
        : options.Database == BenchDatabase.Postgres || options.Scenario == "nodes" ? "PostgreSQL (its own server, durable defaults)" : "SQLite";
    if (options.Pin) Pinning.PinThisProcess();
    return options.Scenario switch
    {
        "chat-crash" => await CrashScenario.RunAsync(options, cancel.Token),
        "idle" => await IdleScenario.RunAsync(options, cancel.Token),
        "queue" => await QueueScenario.RunAsync(options, cancel.Token),
        "reports" => await ReportsScenario.RunAsync(options, cancel.Token),
        "search" => await SearchScenario.RunAsync(options, cancel.Token),
        "webhooks" => await WebhookScenario.RunAsync(options, cancel.Token),
        "mail" => await MailScenario.RunAsync(options, cancel.Token),
        "nodes" => await NodesScenario.RunAsync(options, cancel.Token),
        "echo-server" => await EchoServer.RunAsync(options, cancel.Token),
        _ when options.FloodPercent > 0 => await ChatFloodScenario.RunAsync(options, cancel.Token),
        _ => await ChatScenario.RunAsync(options, cancel.Token),
    };
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
catch (BenchmarkException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (Exception e)
{
    // Caught rather than left unhandled, so that the scenarios' cleanup (stopping the servers) has run.
    Console.Error.WriteLine($"The benchmark failed: {e}");
    return 2;
}
finally
{
    ServerProcess.KillAll();
}
