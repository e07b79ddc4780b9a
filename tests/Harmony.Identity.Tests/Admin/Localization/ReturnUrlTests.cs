using Harmony.Identity.Web;

namespace Harmony.Identity.Tests.Admin.Localization;

/// <summary>Return URLs the admin site follows stay on the site (issue 9, item 7: an open redirect through a tab).</summary>
public sealed class ReturnUrlTests : AdminSiteFixture
{
    [TestCase("/employees", true)]
    [TestCase("/employees?page=2", true)]
    [TestCase("/", true)]
    [TestCase("//example.org", false)]
    [TestCase("/\\example.org", false)]
    [TestCase("/\t/example.org", false)]
    [TestCase("/\n/example.org", false)]
    [TestCase("/\r\n/example.org", false)]
    [TestCase("https://example.org/", false)]
    [TestCase("~/employees", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void OnlyPlainLocalPaths_AreFollowed(string? url, bool local) =>
        Assert.That(LocalUrl.IsLocal(url), Is.EqualTo(local));

    [Test]
    public async Task LanguageSwitch_WithATabbedReturnUrl_GoesHome_OnBothSites()
    {
        using var admin = hosts.NewBrowser();
        var adminAnswer = await admin.GetWithoutRedirectAsync("/language/en?returnUrl=%2F%09%2Fexample.org");
        using var server = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hosts.ServerUrl };
        var serverAnswer = await server.GetAsync("/language/en?returnUrl=%2F%09%2Fexample.org");

        Assert.Multiple(() =>
        {
            Assert.That(adminAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(adminAnswer.Headers.Location?.OriginalString, Is.EqualTo("/"));
            Assert.That(serverAnswer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(serverAnswer.Headers.Location?.OriginalString, Is.EqualTo("/"));
        });
    }

    [Test]
    public async Task SignIn_WithATabbedReturnUrl_EndsOnTheSiteItself()
    {
        // The reproduced attack: /account/sign-in?returnUrl=/<TAB>/example.org, then the sign-in; browsers drop the tab.
        var representative = await hosts.CreateAdminAsync(Harmony.Identity.Contracts.HarmonyRoles.CompanyAdmin);
        using var browser = hosts.NewBrowser();

        var back = await hosts.SignInAsync(browser, representative, "/account/sign-in?returnUrl=%2F%09%2Fexample.org");

        Assert.That(back.Uri.Authority, Is.EqualTo(hosts.AdminUrl.Authority));
        Assert.That(back.Uri.AbsolutePath, Is.EqualTo("/"), "home, not the tabbed path");
    }
}
