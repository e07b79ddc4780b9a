using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>Companies through the admin API (PRODUCT §9): operators manage them, representatives read their own.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class CompanyEndpointTests(TestDatabase database) : RepresentativeAndSupportFixture(database)
{
    [Test]
    public async Task Create_WithoutAPolicy_CopiesTheConfiguredDefaults_AndIsAudited()
    {
        var code = NewCode();
        var response = await support.PostAsync("companies", new CreateCompanyRequest(code, " 新規株式会社 ", "New Company Inc.", null));
        var created = await support.ReadAsync<CompanyDetail>(Task.FromResult(response), HttpStatusCode.Created);

        var defaults = app.Services.GetRequiredService<IOptions<CompanyDefaultsOptions>>().Value.Policy;
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/admin/companies/{created.Id}"));
            Assert.That((created.Code, created.NameJa, created.NameEn, created.IsActive), Is.EqualTo((code, "新規株式会社", "New Company Inc.", true)));
            Assert.That(created.Policy, Is.EqualTo(new CompanyPolicyDto(defaults.LockoutThreshold, (int)defaults.LockoutDuration.TotalHours,
                defaults.TemporaryValidityDays, defaults.SecondFactor.ToString(), defaults.RememberBrowserDays, defaults.PasswordRules.ToString(),
                defaults.AutoApproveReissue)));
            Assert.That(created.RestrictClients, Is.False);
        });

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={created.Id}");
        Assert.That(audit.Items.Select(a => (a.Event, a.Actor)), Is.EqualTo(new[] { ("CompanyCreated", "client:test-service") }));
    }

    [Test]
    public async Task Create_WithAPolicy_KeepsIt_AndEnrolmentUsesIt()
    {
        var policy = new CompanyPolicyDto(3, 12, 7, "Email", 14, "Faq", AutoApproveReissue: false);
        var created = await support.ReadAsync<CompanyDetail>(
            support.PostAsync("companies", new CreateCompanyRequest(NewCode(), "方針株式会社", "Policy Inc.", policy)), HttpStatusCode.Created);
        Assert.That(created.Policy, Is.EqualTo(policy));

        var enrolled = await support.ReadAsync<EmployeeCreated>(support.PostAsync("employees",
            new CreateEmployeeRequest(created.Id, "P-1", "方針 守", $"p-{NewCode()}@example.com", "en")), HttpStatusCode.Created);
        Assert.That(enrolled.TemporaryExpiresAt, Is.EqualTo(app.Time.GetUtcNow().AddDays(7)), "temporary validity from the company's policy");
    }

    [Test]
    public async Task Create_WithATakenCode_IsAConflict()
    {
        var code = NewCode();
        await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", new CreateCompanyRequest(code, "一社目", "First", null)), HttpStatusCode.Created);

        var problem = await Problem.ReadAsync(await support.PostAsync("companies", new CreateCompanyRequest(code, "二社目", "Second", null)), HttpStatusCode.Conflict);

        Assert.That(problem.Detail, Is.EqualTo("この企業コードは既に使用されています。別のコードを入力してください。"));
    }

    [Test]
    public async Task Create_NamesEveryInvalidField_InTheCallersLanguage()
    {
        var request = new CreateCompanyRequest("Bad Code!", "", null, new CompanyPolicyDto(0, 24, 400, "Sms", 30));

        var english = await Problem.ReadAsync(await support.WithLanguage("en-US").PostAsync("companies", request), HttpStatusCode.BadRequest);
        var japanese = await Problem.ReadAsync(await support.PostAsync("companies", request), HttpStatusCode.BadRequest);

        Assert.That(english.Errors!.Keys, Is.EquivalentTo(new[]
        {
            "Code", "NameJa", "NameEn", "Policy.LockoutThreshold", "Policy.TemporaryValidityDays", "Policy.SecondFactor",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(english.Errors["NameJa"], Is.EqualTo(new[] { "Enter the company name in Japanese." }));
            Assert.That(japanese.Errors!["NameJa"], Is.EqualTo(new[] { "企業名(日本語)を入力してください。" }));
            Assert.That(japanese.Errors["NameEn"], Is.EqualTo(new[] { "企業名(英語)を入力してください。" }));
            Assert.That(english.Errors["Policy.SecondFactor"], Is.EqualTo(new[] { $"The second factor must be one of {string.Join(", ", AdminFieldRules.SecondFactorModes)}." }));
        });
    }

    [Test]
    public async Task Update_ChangesNamesCodeAndPolicy_AndRestrictingApps_RefusesTheOthersAtSignIn()
    {
        var employee = await app.CreateEmployeeAsync();
        var code = NewCode();
        var policy = new CompanyPolicyDto(4, 48, 14, "Off", 0, "Faq", AutoApproveReissue: false);

        var updated = await support.ReadAsync<CompanyDetail>(support.PutAsync($"companies/{employee.CompanyId}",
            new UpdateCompanyRequest(code, "改名株式会社", "Renamed Inc.", policy, true, [HarmonyAppFactory.WebClientId])));

        Assert.That((updated.Code, updated.NameJa, updated.NameEn, updated.Policy), Is.EqualTo((code, "改名株式会社", "Renamed Inc.", policy)));
        Assert.That(updated.RestrictClients, Is.True);
        Assert.That(updated.AllowedClients, Is.EqualTo(new[] { HarmonyAppFactory.WebClientId }));
        Assert.That(await support.GetAsync<CompanyDetail>($"companies/{employee.CompanyId}"), Is.EqualTo(updated).Using<CompanyDetail>(SameDetail));

        var spa = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(spa.Headers.Location!.PathOnly(), Is.EqualTo("/account/failed-to-connect"), "an app the company is not registered for");
        var web = new OidcFlow(app.CreateBrowser(), HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        Assert.That(await web.FollowToCodeAsync(await web.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty);

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={employee.CompanyId}");
        Assert.That(audit.Items.Single(a => a.Event == "CompanyUpdated").Details, Does.Contain("policy").And.Contain(HarmonyAppFactory.WebClientId));
    }

    [Test]
    public async Task Update_WithAnUnknownApp_NamesTheField()
    {
        var employee = await app.CreateEmployeeAsync();

        var problem = await Problem.ReadAsync(await support.WithLanguage("en").PutAsync($"companies/{employee.CompanyId}",
            new UpdateCompanyRequest(NewCode(), "名", "Name", new CompanyPolicyDto(5, 24, 30, "Off", 30), true, [HarmonyAppFactory.WebClientId, "no-such-app"])),
            HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!["AllowedClients[1]"], Is.EqualTo(new[] { "No app is registered with this client ID." }));
    }

    [Test]
    public async Task Deactivate_RefusesTheEmployeesSignIn_AndActivate_RestoresIt()
    {
        var employee = await app.CreateEmployeeAsync();

        var deactivated = await support.ReadAsync<ActionResult>(support.PostAsync($"companies/{employee.CompanyId}/deactivate"));
        Assert.That((deactivated.Changed, deactivated.Outcome), Is.EqualTo((true, "企業を無効にしました。この企業の従業員はログインできなくなりました。")));
        Assert.That((await support.ReadAsync<ActionResult>(support.PostAsync($"companies/{employee.CompanyId}/deactivate"))).Changed, Is.False);
        var refused = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(refused.Headers.Location!.PathOnly(), Is.EqualTo("/account/failed-to-connect"));

        var activated = await support.ReadAsync<ActionResult>(support.WithLanguage("en").PostAsync($"companies/{employee.CompanyId}/activate"));
        Assert.That(activated.Outcome, Is.EqualTo("The company was activated. Its employees can sign in again."));
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty);

        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={employee.CompanyId}");
        Assert.That(audit.Items.Where(a => a.Actor != null).Select(a => a.Event), Is.EqualTo(new[] { "CompanyActivated", "CompanyDeactivated" }));
    }

    [Test]
    public async Task List_PagesEveryCompanyForOperators_AndOnlyTheirOwnForRepresentatives()
    {
        var marker = "頁" + NewCode();
        for (var i = 0; i < 3; i++)
        {
            await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", new CreateCompanyRequest(NewCode(), $"{marker} {i}", $"Paged {i}", null)),
                HttpStatusCode.Created);
        }

        var first = await support.GetAsync<PagedResult<CompanySummary>>($"companies?text={Uri.EscapeDataString(marker)}&pageSize=2");
        var second = await support.GetAsync<PagedResult<CompanySummary>>($"companies?text={Uri.EscapeDataString(marker)}&pageSize=2&page=2");
        Assert.That((first.Total, first.Items.Count, second.Items.Count), Is.EqualTo((3, 2, 1)));

        var own = await admin.GetAsync<PagedResult<CompanySummary>>("companies?pageSize=200");
        Assert.That(own.Items.Select(c => c.Id), Is.EqualTo(new[] { representative.CompanyId }));
        Assert.That(own.Items.Single().EmployeeCount, Is.EqualTo(2), "the company's first employee and its representative");
        Assert.That(await admin.GetAsync<PagedResult<CompanySummary>>($"companies?text={Uri.EscapeDataString(marker)}"), Has.Property("Total").EqualTo(0));
    }

    [Test]
    public async Task Representative_ReadsTheirCompany_ButCannotChangeIt()
    {
        var own = await admin.GetAsync<CompanyDetail>($"companies/{representative.CompanyId}");
        Assert.That(own.Id, Is.EqualTo(representative.CompanyId));

        var problem = await Problem.ReadAsync(await admin.PostAsync($"companies/{representative.CompanyId}/deactivate"), HttpStatusCode.Forbidden);
        Assert.That(problem.Detail, Is.EqualTo("この操作はサポートデスク(オペレーター)のみが行えます。"));
        Assert.That((await admin.GetAsync<CompanyDetail>($"companies/{representative.CompanyId}")).IsActive, Is.True);

        var other = await app.CreateEmployeeAsync();
        var hidden = await Problem.ReadAsync(await admin.WithLanguage("en").GetAsync($"companies/{other.CompanyId}"), HttpStatusCode.NotFound);
        Assert.That(hidden.Detail, Is.EqualTo("The company was not found."));
    }

    private static bool SameDetail(CompanyDetail a, CompanyDetail b) =>
        a with { AllowedClients = [] } == b with { AllowedClients = [] } && a.AllowedClients.SequenceEqual(b.AllowedClients);

    private static string NewCode() => "c" + Guid.NewGuid().ToString("N")[..12];
}
