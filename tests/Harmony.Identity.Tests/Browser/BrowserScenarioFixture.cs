using NUnit.Framework.Interfaces;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Browser scenarios of a fixture on a <typeparamref name="TServer"/>: each gets a fresh browser context, closed after
/// the test (with a screenshot of where the browser stopped when the test failed).
/// </summary>
public abstract class BrowserScenarioFixture<TServer> : ServerFixture<TServer> where TServer : class, ITestServer<TServer>
{
    private readonly List<BrowserScenario> scenarios = [];

    [TearDown]
    public async Task CloseScenariosAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        foreach (var scenario in scenarios)
        {
            if (failed) await scenario.CaptureFailureAsync();
            await scenario.DisposeAsync();
        }
        scenarios.Clear();
    }

    /// <summary>A person with a fresh browser on <paramref name="site"/>, choosing <paramref name="language"/>; <paramref name="name"/> names the screenshots.</summary>
    protected async Task<BrowserScenario> StartScenarioAsync(Uri site, string name, string language, string? userAgent = null)
    {
        var scenario = await BrowserScenario.StartAsync(BrowserSetUp.Session, site, name, language, userAgent);
        scenarios.Add(scenario);
        return scenario;
    }
}
