namespace Harmony.Identity.Tests.Browser;

/// <summary>FAQ Q9: a browser that says it is Internet Explorer gets a page naming the recommended environment.</summary>
public sealed class UnsupportedBrowserScenarios : BrowserFixture
{
    private const string InternetExplorer11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";

    [TestCase("ja", "お使いのブラウザには対応していません")]
    [TestCase("en", "Your browser is not supported")]
    public async Task Q9_InternetExplorer_GetsThePageNamingTheRecommendedEnvironment_InsteadOfTheLoginPage(string language, string title)
    {
        var person = await StartScenarioAsync("q9-internet-explorer", language, InternetExplorer11);

        await new BrowserRelyingParty(person, Server).StartAsync();

        Assert.That(await person.TextAsync("h1"), Is.EqualTo(title));
        var main = await person.TextAsync("main");
        Assert.That(main, Does.Contain("Edge").And.Contain("Chrome").And.Contain("Safari").And.Contain("Internet Explorer"));
        Assert.That(await person.Page.Locator("script").CountAsync(), Is.Zero, "rendered without scripts");
        Assert.That(await person.ExistsAsync("#login-id"), Is.False);
        Assert.That(await person.ExistsAsync("main a[href='/help#q9']"), Is.True);
        await person.CheckPageAsync("unsupported");

        // Every page, not only the first. (Its language then comes from Accept-Language: the switch cannot set a
        // cookie for IE, since /language/{culture} is answered with this page too.)
        await person.GotoAsync("/account/login");
        Assert.That(await person.TextAsync("h1"), Is.AnyOf("お使いのブラウザには対応していません", "Your browser is not supported"));
        Assert.That(await person.ExistsAsync("#login-id"), Is.False);
    }
}
