using Helpdesk.Infrastructure.Text;

namespace Helpdesk.Features.Chat;

/// <summary>
/// Where the shopper is, for the agent: the page, where they came from and their device. All of it comes
/// from the shopper's browser, so it is only ever shown as text: labels lose hidden characters, and only
/// http(s) addresses are kept (never javascript: or data:).
/// </summary>
public static class ShopperContext
{
    public const int MaxUrl = 2048;
    public const int MaxTitle = 200;

    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>The page's title as a one-line label, or null when it says nothing.</summary>
    public static string? Title(string? title) => SafeText.Name(title) is { Length: > 0 } clean ? clean : null;

    /// <summary>"Chrome", "Android", "phone" from a User-Agent and the screen's width in CSS pixels; nulls when it does not say.</summary>
    public static (string? Browser, string? System, string? Kind) Device(string? userAgent, int? screenWidth)
    {
        var ua = userAgent ?? "";
        string? browser =
            ua.Contains("Edg/") ? "Edge"
            : ua.Contains("OPR/") ? "Opera"
            : ua.Contains("SamsungBrowser/") ? "Samsung Internet"
            : ua.Contains("Firefox/") || ua.Contains("FxiOS/") ? "Firefox"
            : ua.Contains("Chrome/") || ua.Contains("CriOS/") ? "Chrome"
            : ua.Contains("Safari/") ? "Safari"
            : null;
        string? system =
            ua.Contains("Android") ? "Android"
            : ua.Contains("iPhone") || ua.Contains("iPad") || ua.Contains("iPod") ? "iOS"
            : ua.Contains("Windows") ? "Windows"
            : ua.Contains("Mac OS X") || ua.Contains("Macintosh") ? "macOS"
            : ua.Contains("CrOS") ? "ChromeOS"
            : ua.Contains("Linux") ? "Linux"
            : null;
        // A phone's screen is narrow whichever way it is held; tablets sit between phones and desktops.
        string? kind = ua.Contains("iPad") || (system == "Android" && !ua.Contains("Mobile")) ? DeviceKinds.Tablet
            : ua.Contains("Mobi") || ua.Contains("iPhone") ? DeviceKinds.Phone
            : screenWidth is > 0 and < 600 ? DeviceKinds.Phone
            : screenWidth is >= 600 and < 1024 ? DeviceKinds.Tablet
            : screenWidth >= 1024 || system is "Windows" or "macOS" or "Linux" or "ChromeOS" ? DeviceKinds.Desktop
            : null;
        return (browser, system, kind);
    }
}

public static class DeviceKinds
{
    public const string Phone = "phone";
    public const string Tablet = "tablet";
    public const string Desktop = "desktop";
}
