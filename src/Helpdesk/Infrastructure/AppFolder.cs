namespace Helpdesk.Infrastructure;

/// <summary>
/// Where the app's own files (appsettings.json, wwwroot) are read from. A published app carries them next to
/// Helpdesk.dll and finds them there wherever it is started from; under <c>dotnet run</c> the build output holds
/// no wwwroot, and the working directory (the repository root) is the content root, as before.
/// </summary>
public static class AppFolder
{
    /// <summary>The content root to use, or null for the framework's default (the working directory).</summary>
    public static string? ContentRoot(string[] args)
    {
        // An operator's explicit choice wins.
        if (args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 })
            return null;
        var app = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(app, "appsettings.json")) && Directory.Exists(Path.Combine(app, "wwwroot")) ? app : null;
    }
}
