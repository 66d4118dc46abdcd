namespace Helpdesk.Benchmarks;

/// <summary>A fresh temporary folder per run for the database, keys, logs and a published app; removed afterwards unless --keep.</summary>
public sealed class RunDirectory : IDisposable
{
    private readonly bool _keep;

    public string Path { get; }

    public RunDirectory(bool keep)
    {
        _keep = keep;
        Path = Directory.CreateTempSubdirectory("helpdesk-bench-").FullName;
    }

    public void Dispose()
    {
        if (_keep)
        {
            Console.WriteLine($"Kept the run's folder: {Path}");
            return;
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not remove {Path}: {e.Message}");
        }
    }
}
