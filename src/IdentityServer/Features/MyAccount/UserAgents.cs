namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>A browser and its operating system in plain words ("Chrome", "Windows"), read from a User-Agent header.</summary>
public sealed record BrowserName(string? Browser, string? System);

/// <summary>
/// A small reader of User-Agent headers, enough to tell an employee which of their devices a sign-in or session was:
/// the common browsers and systems by their tokens, in the order that tells them apart (Edge and Opera also say
/// "Chrome", Chrome also says "Safari"). Anything else is unknown, never guessed.
/// </summary>
public static class UserAgents
{
    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg/", "Edge"), ("EdgA/", "Edge"), ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"), ("HeadlessChrome/", "Chrome"), ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
        ("Trident/", "Internet Explorer"), ("MSIE ", "Internet Explorer"),
    ];

    private static readonly (string Token, string Name)[] Systems =
    [
        ("Windows", "Windows"),
        ("iPhone", "iOS"), ("iPad", "iPadOS"),
        ("Android", "Android"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"), ("Macintosh", "macOS"),
        ("Linux", "Linux"),
    ];

    public static BrowserName Parse(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return new(null, null);
        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        // "Version/" alone is not Safari: only with Safari's own token.
        if (browser == "Safari" && !userAgent.Contains("Safari/", StringComparison.Ordinal)) browser = null;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return new(browser, system);
    }

    /// <summary>For the audit log, in the product's own names: "Chrome / Windows", "? / ?" when unknown.</summary>
    public static string Summary(string? userAgent)
    {
        var (browser, system) = Parse(userAgent);
        return $"{browser ?? "?"} / {system ?? "?"}";
    }
}
