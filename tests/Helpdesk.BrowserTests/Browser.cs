using Microsoft.Playwright;

namespace Helpdesk.BrowserTests;

/// <summary>Debian's Chromium, driven by Playwright; no browser is ever downloaded.</summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
