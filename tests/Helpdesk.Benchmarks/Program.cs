using Helpdesk.Benchmarks;

// The first Ctrl+C cancels the run, which unwinds through the scenarios and stops the servers they started;
// a second one ends the process at once (the servers are then killed on exit).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

try
{
    var options = BenchmarkOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(BenchmarkOptions.Usage);
        return 0;
    }
    return options.Scenario switch
    {
        "idle" => await IdleScenario.RunAsync(options, cancel.Token),
        "echo-server" => await EchoServer.RunAsync(options, cancel.Token),
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
