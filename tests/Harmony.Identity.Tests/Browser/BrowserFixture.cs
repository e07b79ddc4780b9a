namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Scenarios on the identity server's pages: the server on Kestrel (shared, unless the fixture needs its own), one
/// fresh browser context per scenario. Each scenario creates its own company and employees.
/// </summary>
public abstract class BrowserFixture : BrowserScenarioFixture<BrowserIdentityServer>
{
    protected HarmonyAppFactory App => Server.App;

    /// <summary>A person with a fresh browser on the identity server, choosing <paramref name="language"/>.</summary>
    protected Task<BrowserScenario> StartScenarioAsync(string name, string language, string? userAgent = null) =>
        StartScenarioAsync(Server.BaseUrl, name, language, userAgent);
}
