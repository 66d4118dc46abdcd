namespace Helpdesk.Infrastructure;

/// <summary>
/// Where what the helpdesk writes goes: a relative SQLite <c>Data Source</c> and <c>Smtp:PickupDirectory</c> are
/// resolved against the <c>DataDirectory</c> setting, which defaults to the working directory (the repository root
/// under <c>dotnet run</c>). Never the app's own folder, so a published app can be replaced, or read-only, without
/// losing data.
/// </summary>
public sealed class DataDirectory
{
    public const string Key = "DataDirectory";

    private DataDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public static DataDirectory From(IConfiguration config) =>
        new(config[Key] is { Length: > 0 } path ? path : Directory.GetCurrentDirectory());

    /// <summary>An absolute path as it is; a relative one under the data directory.</summary>
    public string Resolve(string path) => System.IO.Path.Combine(Path, path);
}
