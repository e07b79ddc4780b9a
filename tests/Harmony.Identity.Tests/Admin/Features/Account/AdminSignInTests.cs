namespace Harmony.Identity.Tests.Admin.Features.Account;

/// <summary>Signing in to the admin site through the identity server, its languages, refusal and sign-out.</summary>
[TestFixture]
public sealed class AdminSignInTests : AdminSiteFixture
{
    [Test]
    public async Task Representative_SignsInThroughTheIdentityServer_AndSeesTheSiteInJapanese()
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        using var browser = hosts.NewBrowser();

        var home = await hosts.SignInAsync(browser, representative);

        Assert.Multiple(() =>
        {
            Assert.That(home.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(home.Uri.AbsolutePath, Is.EqualTo("/"));
            Assert.That(home.Language, Is.EqualTo("ja"));
            Assert.That(home.Text("#signed-in-as"), Is.EqualTo("試験 太郎"));
            Assert.That(home.Text(".role-badge"), Is.EqualTo("企業のご担当者"));
            Assert.That(home.Text(".admin-nav nav"), Does.Contain("従業員").And.Contain("監査ログ").And.Not.Contain("アプリ"));
        });
    }

    [Test]
    public async Task Pages_AreInEnglish_AfterTheLanguageSwitch()
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        using var browser = hosts.NewBrowser();
        await hosts.SignInAsync(browser, representative);

        var page = await browser.GetAsync("/language/en?returnUrl=%2Femployees");

        Assert.Multiple(() =>
        {
            Assert.That(page.Uri.AbsolutePath, Is.EqualTo("/employees"));
            Assert.That(page.Language, Is.EqualTo("en"));
            Assert.That(page.Text("h1"), Is.EqualTo("Employees"));
            Assert.That(page.Text(".role-badge"), Is.EqualTo("Company representative"));
        });

        var back = await browser.GetAsync("/language/ja?returnUrl=%2Femployees");
        Assert.That(back.Text("h1"), Is.EqualTo("従業員"));
    }

    [Test]
    public async Task SignIn_AsksTheIdentityServerForTheSiteLanguage()
    {
        using var browser = hosts.NewBrowser();
        await browser.GetWithoutRedirectAsync("/language/en?returnUrl=%2F");

        var challenge = await browser.GetWithoutRedirectAsync("/");

        Assert.That(challenge.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var authorize = challenge.Headers.Location!;
        Assert.Multiple(() =>
        {
            Assert.That(authorize.GetLeftPart(UriPartial.Path), Is.EqualTo(new Uri(hosts.ServerUrl, "connect/authorize").ToString()));
            Assert.That(authorize.Query, Does.Contain("ui_locales=en"));
            Assert.That(authorize.Query, Does.Contain("code_challenge_method=S256"));
            Assert.That(authorize.Query, Does.Contain("harmony_admin"));
        });
    }

    [Test]
    public async Task Employee_WithoutAnAdminRole_IsToldTheSiteIsNotForThem()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var browser = hosts.NewBrowser();

        var page = await hosts.SignInAsync(browser, employee);

        Assert.Multiple(() =>
        {
            Assert.That(page.Uri.AbsolutePath, Is.EqualTo("/account/not-authorized"));
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(page.Text("#not-authorized .alert-title"), Is.EqualTo("このアカウントには管理サイトを利用する権限がありません。"));
            Assert.That(page.Document.QuerySelector(".admin-nav nav"), Is.Null, "no admin navigation for a non-admin");
        });

        var employees = await browser.GetAsync("/employees");
        Assert.That(employees.Uri.AbsolutePath, Is.EqualTo("/account/not-authorized"));
    }

    [Test]
    public async Task Representative_IsRefused_OnOperatorPages()
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        using var browser = hosts.NewBrowser();
        await hosts.SignInAsync(browser, representative);

        var clients = await browser.GetAsync("/clients");
        var newCompany = await browser.GetAsync("/companies/new");

        Assert.Multiple(() =>
        {
            Assert.That(clients.Uri.AbsolutePath, Is.EqualTo("/account/not-authorized"));
            Assert.That(clients.Text("#not-authorized .alert-title"), Is.EqualTo("このページはサポートデスク専用です。"));
            Assert.That(newCompany.Uri.AbsolutePath, Is.EqualTo("/account/not-authorized"));
        });
    }

    [Test]
    public async Task SignOut_EndsTheSessionHereAndAtTheIdentityServer()
    {
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        using var browser = hosts.NewBrowser();
        var home = await hosts.SignInAsync(browser, representative);

        var signedOut = await browser.SubmitAsync(home, selector: "#sign-out-form");

        Assert.That(signedOut.Uri.AbsolutePath, Is.EqualTo("/account/signed-out"));
        Assert.That(signedOut.Uri.Authority, Is.EqualTo(hosts.AdminUrl.Authority));
        Assert.That(signedOut.Text("h1"), Is.EqualTo("ログアウトしました"));

        // Both sessions are gone: the next visit asks for the password again.
        var again = await browser.GetAsync("/employees");
        Assert.That(again.Uri.AbsolutePath, Is.EqualTo("/account/login"));
        Assert.That(again.Uri.Authority, Is.EqualTo(hosts.ServerUrl.Authority));
    }
}
