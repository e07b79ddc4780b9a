namespace Harmony.Identity.Tests.Admin.Features.Companies;

/// <summary>The support desk's pages: every company, the relying-party apps and their secrets.</summary>
[TestFixture]
public sealed class OperatorPagesTests : AdminSiteFixture
{
    [Test]
    public async Task Operator_SeesEveryCompany_AndEveryCompanysEmployees()
    {
        var someone = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);

        var companies = await session.Browser.GetAsync("/companies");
        var codes = companies.Document.QuerySelectorAll("#companies tbody tr").Select(r => r.GetAttribute("data-company-code")).ToList();
        var employee = await session.Browser.GetAsync($"/employees/{someone.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(session.Home.Text(".role-badge"), Is.EqualTo("オペレーター"));
            Assert.That(codes, Has.Count.GreaterThanOrEqualTo(2), "the operator's own company and the other one");
            Assert.That(employee.Text("#login-id"), Is.EqualTo(someone.LoginId));
        });
    }

    [Test]
    public async Task Representative_SeesOnlyTheirOwnCompany()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);

        var companies = await session.Browser.GetAsync("/companies");

        Assert.Multiple(() =>
        {
            Assert.That(companies.Uri.AbsolutePath, Is.EqualTo($"/companies/{session.Admin.CompanyId}"));
            Assert.That(companies.Document.QuerySelector("a[href$='/edit']"), Is.Null, "a representative does not edit companies");
        });
    }

    [Test]
    public async Task Operator_CreatesAndEditsACompany_AndDeactivatesItAfterConfirming()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        var code = "t-" + Guid.NewGuid().ToString("N")[..10];

        var form = await browser.GetAsync("/companies/new");
        var created = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NameJa"] = "試験商事株式会社",
            ["Input.NameEn"] = "Test Trading Inc.",
        });
        Assert.That(created.Text("#company-name"), Is.EqualTo("試験商事株式会社"));
        var companyPath = created.Uri.AbsolutePath;

        var edit = await browser.GetAsync(companyPath + "/edit");
        var saved = await browser.SubmitAsync(edit, new Dictionary<string, string>
        {
            ["Input.NameEn"] = "Test Trading Ltd.",
            ["Input.Policy.LockoutThreshold"] = "7",
            ["Input.Policy.SecondFactor"] = "Email",
        });
        Assert.Multiple(() =>
        {
            Assert.That(saved.Uri.AbsolutePath, Is.EqualTo(companyPath));
            Assert.That(saved.Text("#policy"), Does.Contain("7回").And.Contain("メールで確認コードを送る"));
            Assert.That(saved.BodyText, Does.Contain("Test Trading Ltd."));
        });

        var confirm = await browser.GetAsync(companyPath + "/deactivate");
        Assert.That(confirm.Text("#confirmation"), Does.Contain(code));
        var deactivated = await browser.SubmitAsync(confirm);
        Assert.Multiple(() =>
        {
            Assert.That(deactivated.Text("#company-status"), Is.EqualTo("無効"));
            Assert.That(deactivated.Document.QuerySelector("#status-message"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Operator_RegistersAnApp_AndSeesItsSecretOnlyOnce()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..10];

        var list = await browser.GetAsync("/clients");
        Assert.That(list.Document.QuerySelector($"#clients tr[data-client-id='{AdminSiteFactory.ClientId}']"), Is.Not.Null);

        var form = await browser.GetAsync("/clients/new");
        var secret = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.ClientId"] = clientId,
            ["Input.DisplayName"] = "Test app",
            ["Input.RedirectUris"] = "https://app.example.com/callback",
        });
        Assert.Multiple(() =>
        {
            Assert.That(secret.Uri.AbsolutePath, Is.EqualTo("/clients/secret"));
            Assert.That(secret.Text("#secret-client-id"), Is.EqualTo(clientId));
            Assert.That(secret.Text("#client-secret"), Has.Length.GreaterThan(20));
            Assert.That(secret.Text(".warning .warning-title"), Is.EqualTo("このシークレットは今回だけ表示されます。"));
        });

        var again = await browser.GetAsync("/clients/secret");
        Assert.That(again.Document.QuerySelector("#client-secret"), Is.Null);
        Assert.That(again.Document.QuerySelector("#secret-gone"), Is.Not.Null);

        var rotate = await browser.GetAsync($"/clients/{clientId}/rotate-secret");
        Assert.That(rotate.Text("#confirmation"), Does.Contain(clientId));
        var rotated = await browser.SubmitAsync(rotate);
        Assert.That(rotated.Text("#client-secret"), Is.Not.EqualTo(secret.Text("#client-secret")));

        var redirects = await browser.GetAsync($"/clients/{clientId}/edit");
        var savedRedirects = await browser.SubmitAsync(redirects, new Dictionary<string, string>
        {
            ["Input.RedirectUris"] = "https://app.example.com/callback\nhttps://app.example.com/other",
        });
        Assert.That(savedRedirects.Text("#client-redirects"), Does.Contain("https://app.example.com/other"));
    }
}
