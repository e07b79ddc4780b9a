using Harmony.Identity.Tests.Infrastructure;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Scenarios on the identity server's pages: one server on Kestrel for the fixture, one fresh browser context per
/// scenario. Each scenario creates its own company and employees.
/// </summary>
public abstract class BrowserFixture : BrowserScenarioFixture
{
    protected BrowserIdentityServer Server { get; private set; } = null!;

    protected HarmonyAppFactory App => Server.App;

    [OneTimeSetUp]
    public void StartServer() => Server = BrowserIdentityServer.Start();

    [OneTimeTearDown]
    public void StopServer() => Server?.Dispose();

    /// <summary>A person with a fresh browser on the identity server, choosing <paramref name="language"/>.</summary>
    protected Task<BrowserScenario> StartScenarioAsync(string name, string language, string? userAgent = null) =>
        StartScenarioAsync(Server.BaseUrl, name, language, userAgent);
}
