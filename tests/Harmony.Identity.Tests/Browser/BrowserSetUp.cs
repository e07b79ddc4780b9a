using System.Diagnostics;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Launches Chromium once for every browser scenario in this namespace and closes it at the end, writing how long
/// the scenarios took to <c>artifacts/browser-tests.txt</c> (test.sh prints it).
/// </summary>
[SetUpFixture]
public sealed class BrowserSetUp
{
    private static BrowserSession? session;
    private readonly Stopwatch elapsed = new();

    public static BrowserSession Session => session ?? throw new InvalidOperationException("Chromium has not been launched.");

    [OneTimeSetUp]
    public async Task LaunchChromiumAsync()
    {
        elapsed.Start();
        session = await BrowserSession.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task CloseChromiumAsync()
    {
        if (session is null) return;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Browser scenarios: {elapsed.Elapsed.TotalSeconds:0} s in Chromium {session.Browser.Version}; screenshots in artifacts/screenshots");
        var artifacts = Directory.CreateDirectory(Path.Combine(session.RepositoryRoot, "artifacts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(artifacts, "browser-tests.txt"), summary + Environment.NewLine);
        TestContext.Progress.WriteLine(summary);
        await session.DisposeAsync();
        session = null;
    }
}
