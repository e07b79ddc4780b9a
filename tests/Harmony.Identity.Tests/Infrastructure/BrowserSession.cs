using Microsoft.Playwright;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium driven by Playwright for all browser tests, plus what every page check needs:
/// axe-core's source (from npm, <c>tests/browser-tools</c>) and the folder the screenshots go to.
/// Playwright never downloads a browser here: it launches the one at <see cref="ChromiumPath"/>.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPathVariable = "HARMONY_CHROMIUM";
    public const string SkipVariable = "HARMONY_SKIP_BROWSER";
    private const string DefaultChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser, string repositoryRoot, string axeSource)
    {
        this.playwright = playwright;
        Browser = browser;
        RepositoryRoot = repositoryRoot;
        AxeSource = axeSource;
        ScreenshotFolder = Path.Combine(repositoryRoot, "artifacts", "screenshots");
        AccessibilityFolder = Path.Combine(repositoryRoot, "artifacts", "accessibility");
        Directory.CreateDirectory(ScreenshotFolder);
        Directory.CreateDirectory(AccessibilityFolder);
    }

    public IBrowser Browser { get; }

    public string RepositoryRoot { get; }

    /// <summary><c>artifacts/screenshots</c>: a full-page PNG of every page a scenario visits.</summary>
    public string ScreenshotFolder { get; }

    /// <summary><c>artifacts/accessibility</c>: every axe violation found (any impact), one JSON file per page.</summary>
    public string AccessibilityFolder { get; }

    /// <summary>axe.min.js, evaluated in every page a scenario checks.</summary>
    public string AxeSource { get; }

    public static string ChromiumPath => Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } path
        ? path
        : DefaultChromiumPath;

    public static async Task<BrowserSession> LaunchAsync()
    {
        var chromium = ChromiumPath;
        if (!File.Exists(chromium))
        {
            var message = $"Chromium was not found at {chromium}. The browser tests drive Debian's Chromium: run ./test.sh as root " +
                          "(it installs it), or `sudo apt-get install -y chromium fonts-noto-cjk`.";
            // CI must never pass without the browser tests; a developer may opt out on a machine without Chromium.
            var inCi = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
            if (!inCi && Environment.GetEnvironmentVariable(SkipVariable) == "1")
            {
                Assert.Inconclusive($"{message} Skipped because {SkipVariable}=1.");
            }
            Assert.Fail(inCi ? message : $"{message} To skip the browser tests on this machine, set {SkipVariable}=1.");
        }

        var root = SourceTree.Root;
        var axe = Path.Combine(root, "tests", "browser-tools", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(axe))
        {
            Assert.Fail($"axe-core is missing ({axe}). Run `npm ci` in tests/browser-tools (./test.sh does it).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArguments,
                Timeout = 60_000,
            });
            return new BrowserSession(playwright, browser, root, await File.ReadAllTextAsync(axe));
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright.Dispose();
    }
}
