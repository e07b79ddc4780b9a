using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Admin.Features.Roles;

/// <summary>
/// Issue 12 item 1 on the admin site: operators make and remove representatives and operators through a confirmation
/// page, create a company with its first representative; representatives see their company's representatives only.
/// </summary>
[TestFixture]
public sealed class RolePagesTests : AdminSiteFixture
{
    [Test]
    public async Task Operator_MakesAnEmployeeRepresentative_FromTheirPage_AfterConfirming_AndRemovesThemFromTheCompanyPage()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;

        var detail = await browser.GetAsync($"/employees/{employee.Id}");
        Assert.That(detail.Document.QuerySelector("#grant-operator"), Is.Null, "not an account of the support company");
        var confirm = await browser.GetAsync(detail.Document.QuerySelector("#grant-representative")!.GetAttribute("href")!);
        Assert.That(confirm.Text("#confirmation"), Does.Contain(employee.LoginId).And.Contain("ご担当者にしますか"));
        Assert.That((await hosts.Server.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain("RoleGranted"), "nothing before the button");

        var granted = await browser.SubmitAsync(confirm);

        Assert.That(granted.Uri.AbsolutePath, Is.EqualTo($"/employees/{employee.Id}"));
        Assert.That(granted.Text("#status-message"), Is.EqualTo("企業のご担当者の権限を付与しました。"));
        Assert.That(granted.Text("#admin-role"), Is.EqualTo("企業のご担当者"));
        var company = await browser.GetAsync($"/companies/{employee.CompanyId}");
        var row = company.Document.QuerySelector($"#role-holders-company-admin tr[data-employee-id='{employee.Id}']");
        Assert.That(row?.TextContent, Does.Contain(employee.LoginId));

        var revoke = await browser.GetAsync(row!.QuerySelector("a.danger")!.GetAttribute("href")!);
        var revoked = await browser.SubmitAsync(revoke);

        Assert.That(revoked.Uri.AbsolutePath, Is.EqualTo($"/companies/{employee.CompanyId}"), "back where the removal started");
        Assert.That(revoked.Text("#status-message"), Does.Contain("企業のご担当者の権限を外しました"));
        Assert.That(revoked.Text("#role-holders-empty"), Is.EqualTo("この企業にはまだご担当者がいません。"));
    }

    [Test]
    public async Task RoleChanges_ReadAsSentences_InTheEmployeesHistory_InJapaneseAndEnglish()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        var detail = await browser.GetAsync($"/employees/{employee.Id}");
        await browser.SubmitAsync(await browser.GetAsync(detail.Document.QuerySelector("#grant-representative")!.GetAttribute("href")!));

        string Details(AdminSitePage page) =>
            page.Document.QuerySelector("table.audit tbody tr[data-event='RoleGranted'] .audit-details")?.TextContent.Trim() ?? "";
        var japanese = await browser.GetAsync($"/employees/{employee.Id}");
        await browser.GetAsync("/language/en?returnUrl=%2F");
        var english = await browser.GetAsync($"/employees/{employee.Id}");

        Assert.Multiple(() =>
        {
            Assert.That(Details(japanese), Is.EqualTo("企業のご担当者の権限を付与"));
            Assert.That(Details(english), Is.EqualTo("Company representative role granted"));
        });
    }

    [Test]
    public async Task Operator_FindsAnEmployeeOnTheCompanyPage_AndMakesThemRepresentative_InEnglish()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        await browser.GetAsync("/language/en?returnUrl=%2F");

        var found = await browser.GetAsync($"/companies/{employee.CompanyId}?representativeSearch={employee.LoginId}");
        var grant = found.Document.QuerySelector("#representative-candidates a.button")!.GetAttribute("href")!;
        var confirm = await browser.GetAsync(grant);
        var granted = await browser.SubmitAsync(confirm);

        Assert.That(confirm.Text("#confirmation"), Does.Contain($"Make 試験 太郎 ({employee.LoginId}) a representative of"));
        Assert.That(granted.Uri.AbsolutePath, Is.EqualTo($"/companies/{employee.CompanyId}"));
        Assert.That(granted.Text("#status-message"), Is.EqualTo("The account is now a company representative."));
        Assert.That(granted.Document.QuerySelector($"#role-holders-company-admin tr[data-employee-id='{employee.Id}']"), Is.Not.Null);
    }

    [Test]
    public async Task Representative_SeesTheirCompanysRepresentatives_WithoutAnyWayToChangeThem()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId);

        var company = await session.Browser.GetAsync($"/companies/{session.Admin.CompanyId}");
        var employee = await session.Browser.GetAsync($"/employees/{colleague.Id}");
        var confirm = await session.Browser.GetAsync($"/employees/{colleague.Id}/roles/company-admin/grant");

        Assert.Multiple(() =>
        {
            Assert.That(company.Document.QuerySelector($"#role-holders-company-admin tr[data-employee-id='{session.Admin.Id}']"), Is.Not.Null);
            Assert.That(company.Text("#representatives"), Does.Contain("サポートデスクにご依頼ください"));
            Assert.That(company.Document.QuerySelectorAll("#representatives a.button, #representative-search"), Is.Empty);
            Assert.That(employee.Document.QuerySelector("#employee-roles"), Is.Null);
            Assert.That(confirm.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task RepresentativeWhoseRoleIsRemoved_IsRefusedOnTheirNextPage()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var colleague = await hosts.Server.AddEmployeeAsync(session.Admin.CompanyId);
        Assert.That((await session.Browser.GetAsync($"/employees/{colleague.Id}")).Status, Is.EqualTo(HttpStatusCode.OK));

        using (var support = await hosts.SignInAsAsync(HarmonyRoles.Operator))
        {
            var confirm = await support.Browser.GetAsync($"/employees/{session.Admin.Id}/roles/company-admin/revoke");
            Assert.That((await support.Browser.SubmitAsync(confirm)).Text("#status-message"), Does.Contain("外しました"));
        }

        var refused = await session.Browser.GetAsync($"/employees/{colleague.Id}");
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(refused.BodyText, Does.Not.Contain(colleague.LoginId));
    }

    [Test]
    public async Task Operator_CreatesACompanyWithItsFirstRepresentative_WhoAppearsOnTheCompanyPage()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;
        var code = "f-" + Guid.NewGuid().ToString("N")[..10];
        var email = $"first-{Guid.NewGuid():N}@example.com";

        var form = await browser.GetAsync("/companies/new");
        var created = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NameJa"] = "初代商事株式会社",
            ["Input.NameEn"] = "First Trading Inc.",
            ["Input.FirstRepresentative.EmployeeNumber"] = "R-1",
            ["Input.FirstRepresentative.DisplayName"] = "初代 花子",
            ["Input.FirstRepresentative.Email"] = email,
            ["Input.FirstRepresentative.Locale"] = "ja",
        });

        Assert.That(created.Text("#status-message"), Is.EqualTo($"企業「{code}」を作成し、初代 花子 さんを企業のご担当者として登録しました。マイページ案内メールを {email} に送ります。"));
        Assert.That(created.Text("#role-holders-company-admin"), Does.Contain("初代 花子").And.Contain(email));
        await Mailbox.DeliverAsync(hosts.Server);
        Assert.That(await Mailbox.ReadAsync(hosts.Server, email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CompanyCreate_ShowsTheFirstRepresentativesFailedRule_BesideItsField_AndCreatesNothing()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var code = "g-" + Guid.NewGuid().ToString("N")[..10];

        var form = await session.Browser.GetAsync("/companies/new");
        var page = await session.Browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.NameJa"] = "不備商事",
            ["Input.NameEn"] = "Faulty Trading",
            ["Input.FirstRepresentative.DisplayName"] = "名前だけ",
        });

        Assert.Multiple(() =>
        {
            Assert.That(page.Uri.AbsolutePath, Is.EqualTo("/companies/new"));
            Assert.That(page.Document.QuerySelector("#Input_FirstRepresentative_EmployeeNumber")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));
            Assert.That(page.Text("#Input_FirstRepresentative_Email-error"), Is.Not.Empty);
        });
        var companies = await session.Browser.GetAsync($"/companies?text={code}");
        Assert.That(companies.Document.QuerySelector($"#companies tr[data-company-code='{code}']"), Is.Null);
    }

    [Test]
    public async Task Operator_MakesASupportDeskAccountOperator_AndSeesItOnTheOperatorsPage()
    {
        var supportCompany = await hosts.Server.SupportCompanyAsync();
        var colleague = await hosts.Server.AddEmployeeAsync(supportCompany, displayName: "支援 一郎");
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var browser = session.Browser;

        var detail = await browser.GetAsync($"/employees/{colleague.Id}");
        var confirm = await browser.GetAsync(detail.Document.QuerySelector("#grant-operator")!.GetAttribute("href")!);
        var granted = await browser.SubmitAsync(confirm);
        var operators = await browser.GetAsync("/operators");

        Assert.Multiple(() =>
        {
            Assert.That(confirm.Text("#confirmation"), Does.Contain("オペレーターにしますか"));
            Assert.That(granted.Text("#status-message"), Is.EqualTo("オペレーターの権限を付与しました。"));
            Assert.That(granted.Document.QuerySelector("#revoke-operator"), Is.Not.Null);
            Assert.That(operators.Document.QuerySelector($"#role-holders-operator tr[data-employee-id='{colleague.Id}']"), Is.Not.Null);
            Assert.That(operators.Document.QuerySelector("#support-employees")?.GetAttribute("href"), Is.EqualTo($"/employees?companyId={supportCompany}"));
            Assert.That(operators.Text("main"), Does.Contain("harmony-support"));
        });
    }

    [Test]
    public async Task Operator_IsNotOfferedTheRemovalOfTheirOwnOperatorRole_AndIsToldWhyWhenTheyTryAnyway()
    {
        var supportCompany = await hosts.Server.SupportCompanyAsync();
        var self = await hosts.Server.CreateAdminAsync(HarmonyRoles.Operator, supportCompany, password: "Admin#Test2026");
        using var browser = hosts.NewBrowser();
        await hosts.SignInAsync(browser, self);

        var operators = await browser.GetAsync("/operators");
        Assert.That(operators.Text($"#role-holders-operator tr[data-employee-id='{self.Id}'] [data-self]"), Is.EqualTo("ご自身の権限は外せません"),
            "the page does not offer it");
        var confirm = await browser.GetAsync($"/employees/{self.Id}/roles/operator/revoke?back=operators");
        var refused = await browser.SubmitAsync(confirm);

        Assert.That(refused.Uri.AbsolutePath, Is.EqualTo("/operators"));
        Assert.That(refused.Text("#status-message"), Is.EqualTo("ご自身のオペレーター権限は外せません。別のオペレーターに依頼してください。"));
        Assert.That(refused.Document.QuerySelector($"#role-holders-operator tr[data-employee-id='{self.Id}']"), Is.Not.Null);
    }

    [Test]
    public async Task TheRoleConfirmationPage_OfAnUnknownRoleOrChange_IsNotFound()
    {
        var employee = await hosts.Server.CreateEmployeeAsync();
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);

        var role = await session.Browser.GetAsync($"/employees/{employee.Id}/roles/superuser/grant");
        var change = await session.Browser.GetAsync($"/employees/{employee.Id}/roles/company-admin/promote");

        Assert.That((role.Status, change.Status), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
    }
}
