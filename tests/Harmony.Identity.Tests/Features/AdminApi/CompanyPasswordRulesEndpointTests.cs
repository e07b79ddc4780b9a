namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Decision 0024 through the admin API: a company's password rules are part of its policy, set by operators.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class CompanyPasswordRulesEndpointTests(TestDatabase database) : AppFixture(database)
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync() => support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));

    [Test]
    public async Task Update_ToNistRules_IsShownAndAudited_AndTheConversionPageListsThem()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var current = await support.GetAsync<CompanyDetail>($"companies/{employee.CompanyId}");
        Assert.That(current.Policy.PasswordRules, Is.EqualTo("Faq"), "the default");

        var updated = await support.ReadAsync<CompanyDetail>(support.PutAsync($"companies/{employee.CompanyId}", new UpdateCompanyRequest(
            current.Code, current.NameJa, current.NameEn, current.Policy with { PasswordRules = "nist" }, current.RestrictClients, current.AllowedClients)));

        Assert.That(updated.Policy.PasswordRules, Is.EqualTo("Nist"));
        Assert.That((await support.GetAsync<CompanyDetail>($"companies/{employee.CompanyId}")).Policy.PasswordRules, Is.EqualTo("Nist"));
        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={employee.CompanyId}");
        Assert.That(audit.Items.Single(a => a.Event == "CompanyUpdated").Details, Does.Contain("password rules Faq -> Nist"));

        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = "en" });
        var page = await (await browser.GetAsync(login.Headers.Location)).ReadHtmlAsync();
        Assert.That(page.QuerySelector("#password-rules li")!.TextContent.Trim(), Is.EqualTo("15 to 128 half-width characters."));
    }

    [Test]
    public async Task Update_WithoutPasswordRules_KeepsTheCompanysRules_AndAuditsNoRuleChange()
    {
        var employee = await app.CreateEmployeeAsync();
        var path = $"companies/{employee.CompanyId}";
        var current = await support.GetAsync<CompanyDetail>(path);
        await support.ReadAsync<CompanyDetail>(support.PutAsync(path, new UpdateCompanyRequest(
            current.Code, current.NameJa, current.NameEn, current.Policy with { PasswordRules = "Nist" }, current.RestrictClients, current.AllowedClients)));

        // A client written before the field existed sends the policy without it, changing something else.
        var renamed = await support.ReadAsync<CompanyDetail>(support.PutAsync(path, new UpdateCompanyRequest(
            current.Code, current.NameJa + " 改", current.NameEn, current.Policy with { PasswordRules = null }, current.RestrictClients, current.AllowedClients)));

        Assert.That(renamed.Policy.PasswordRules, Is.EqualTo("Nist"), "an absent field leaves the company's rules as they are");
        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={employee.CompanyId}&event=CompanyUpdated");
        Assert.That(audit.Items.Select(a => a.Details), Has.Exactly(1).Contains("password rules"), "only the first update changed them");
    }

    [Test]
    public async Task Create_WithNistRules_KeepsThem_AndWithoutThemGetsTheFaqRules()
    {
        var nist = await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", new CreateCompanyRequest(
            NewCode(), "長さ株式会社", "Length Inc.", new CompanyPolicyDto(5, 24, 30, "Off", 30, "Nist"))), HttpStatusCode.Created);
        var faq = await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", new CreateCompanyRequest(
            NewCode(), "標準株式会社", "Standard Inc.", new CompanyPolicyDto(5, 24, 30, "Off", 30))), HttpStatusCode.Created);

        Assert.That((nist.Policy.PasswordRules, faq.Policy.PasswordRules), Is.EqualTo(("Nist", "Faq")));
    }

    [Test]
    public async Task Update_WithAnUnknownRuleSet_NamesTheField_InTheCallersLanguage_AndChangesNothing()
    {
        var employee = await app.CreateEmployeeAsync();
        var current = await support.GetAsync<CompanyDetail>($"companies/{employee.CompanyId}");
        var request = new UpdateCompanyRequest(current.Code, current.NameJa, current.NameEn, current.Policy with { PasswordRules = "Weak" }, false, []);

        var english = await Problem.ReadAsync(await support.WithLanguage("en").PutAsync($"companies/{employee.CompanyId}", request), HttpStatusCode.BadRequest);
        var japanese = await Problem.ReadAsync(await support.PutAsync($"companies/{employee.CompanyId}", request), HttpStatusCode.BadRequest);

        Assert.That(english.Errors!.Keys, Is.EqualTo(new[] { "Policy.PasswordRules" }));
        Assert.That(english.Errors["Policy.PasswordRules"], Is.EqualTo(new[] { "The password rules must be one of Faq, Nist." }));
        Assert.That(japanese.Errors!["Policy.PasswordRules"], Is.EqualTo(new[] { "パスワードのルールは Faq, Nist のいずれかを指定してください。" }));
        Assert.That((await support.GetAsync<CompanyDetail>($"companies/{employee.CompanyId}")).Policy.PasswordRules, Is.EqualTo("Faq"));
    }

    [Test]
    public async Task Representative_ReadsTheirCompanysRules_ButCannotChangeThem()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var admin = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
        var own = await admin.GetAsync<CompanyDetail>($"companies/{representative.CompanyId}");
        Assert.That(own.Policy.PasswordRules, Is.EqualTo("Faq"));

        var refused = await admin.PutAsync($"companies/{representative.CompanyId}", new UpdateCompanyRequest(
            own.Code, own.NameJa, own.NameEn, own.Policy with { PasswordRules = "Nist" }, own.RestrictClients, own.AllowedClients));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await admin.GetAsync<CompanyDetail>($"companies/{representative.CompanyId}")).Policy.PasswordRules, Is.EqualTo("Faq"));
    }

    private static string NewCode() => "c" + Guid.NewGuid().ToString("N")[..12];
}
