using System.Net.Http.Json;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Issue 12 item 1 (decision 0019): operators grant and revoke company-admin and operator through the API, every change
/// is audited and applies to the account's very next call, with the token it already holds.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class RoleEndpointTests(TestDatabase database) : AppFixture(database)
{
    private const string Representative = HarmonyRoles.CompanyAdmin;
    private const string Operator = HarmonyRoles.Operator;

    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallerAsync() => support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));

    [Test]
    public async Task GrantingCompanyAdmin_MakesTheEmployeeARepresentativeOfTheirCompany_Once_AndIsAudited()
    {
        var employee = await app.CreateEmployeeAsync();

        var granted = await support.ReadAsync<ActionResult>(support.WithLanguage("en").GrantAsync(employee.Id, Representative));
        var again = await support.ReadAsync<ActionResult>(support.WithLanguage("en").GrantAsync(employee.Id, Representative));

        Assert.That((granted.Changed, granted.Outcome), Is.EqualTo((true, "The account is now a company representative.")));
        Assert.That((again.Changed, again.Outcome), Is.EqualTo((false, "The account is already a company representative.")));
        var me = await new AdminApiClient(app, await AdminTokens.AdminAsync(app, employee)).GetAsync<AdminIdentity>("me");
        Assert.That((me.Role, me.CompanyId), Is.EqualTo((Representative, (Guid?)employee.CompanyId)));
        Assert.That((await support.RepresentativesAsync(employee.CompanyId)).Select(r => r.Id), Is.EqualTo(new[] { employee.Id }));
        var audit = (await app.AuditOfAsync(employee.Id)).Where(a => a.Event == "RoleGranted").ToList();
        Assert.That(audit.Select(a => (a.Details, a.Actor, a.Reason)), Is.EqualTo(new[] { (Representative, "client:test-service", "ByAdmin") }),
            "one audit row: the second grant changed nothing");
    }

    [Test]
    public async Task RevokedRepresentative_IsRefusedOnTheNextRequest_WithTheTokenIssuedBeforeTheRevoke()
    {
        var colleague = await app.CreateEmployeeAsync();
        var representative = await app.CreateAdminAsync(Representative, colleague.CompanyId);
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));
        Assert.That((await api.GetAsync($"employees/{colleague.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stampBefore = (await app.ReadUserAsync(representative.Id)).SecurityStamp;

        var revoked = await support.ReadAsync<ActionResult>(support.RevokeAsync(representative.Id, Representative));

        Assert.That(revoked.Changed, Is.True);
        Assert.That((await api.GetAsync($"employees/{colleague.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await api.GetAsync("me")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await support.RepresentativesAsync(colleague.CompanyId), Is.Empty);
        Assert.That((await app.AuditOfAsync(representative.Id)).Where(a => a.Event == "RoleRevoked").Select(a => (a.Details, a.Actor)),
            Is.EqualTo(new[] { (Representative, "client:test-service") }));
        Assert.That((await app.ReadUserAsync(representative.Id)).SecurityStamp, Is.EqualTo(stampBefore),
            "losing an admin role does not sign the employee out of the apps they use");
    }

    [Test]
    public async Task Representatives_SeeTheirCompanysRepresentatives_ButCannotGrantTheRole()
    {
        var ordinary = await app.CreateEmployeeAsync();
        var first = await app.CreateAdminAsync(Representative, ordinary.CompanyId);
        var second = await app.CreateAdminAsync(Representative, ordinary.CompanyId);
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, first));

        var listed = await api.RepresentativesAsync(ordinary.CompanyId);
        var refused = await Problem.ReadAsync(await api.GrantAsync(ordinary.Id, Representative), HttpStatusCode.Forbidden);

        Assert.That(listed.Select(r => r.Id), Is.EquivalentTo(new[] { first.Id, second.Id }));
        Assert.That(listed.Select(r => r.LoginId), Does.Contain(first.LoginId));
        Assert.That(refused.Detail, Is.Not.Empty);
        Assert.That(await support.RepresentativesAsync(ordinary.CompanyId), Has.Count.EqualTo(2), "the refused grant changed nothing");
    }

    [Test]
    public async Task GrantingOperator_OutsideTheSupportCompany_IsAConflict_InTheCallersLanguage()
    {
        var employee = await app.CreateEmployeeAsync();

        var japanese = await Problem.ReadAsync(await support.GrantAsync(employee.Id, Operator), HttpStatusCode.Conflict);
        var english = await Problem.ReadAsync(await support.WithLanguage("en").GrantAsync(employee.Id, Operator), HttpStatusCode.Conflict);

        Assert.That(japanese.Detail, Is.EqualTo("オペレーターにできるのは、サポートデスクの企業のアカウントだけです。"));
        Assert.That(english.Detail, Is.EqualTo("Only accounts of the support desk's company can be made operators."));
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain("RoleGranted"));
    }

    [Test]
    public async Task GrantingOperator_ToASupportDeskAccount_OpensTheOperatorEndpoints_AndListsIt()
    {
        var supportCompany = await app.SupportCompanyAsync();
        var person = await app.AddEmployeeAsync(supportCompany);
        var before = new AdminApiClient(app, await AdminTokens.AdminAsync(app, person));
        Assert.That((await before.GetAsync("clients")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var granted = await support.ReadAsync<ActionResult>(support.GrantAsync(person.Id, Operator));

        Assert.That(granted.Changed, Is.True);
        var after = new AdminApiClient(app, await AdminTokens.AdminAsync(app, person));
        Assert.That((await after.GetAsync("clients")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var operators = await support.GetAsync<OperatorList>("operators");
        Assert.That(operators.CompanyId, Is.EqualTo(supportCompany));
        Assert.That(operators.CompanyCode, Is.EqualTo("harmony-support"));
        Assert.That(operators.Operators.Select(o => o.Id), Does.Contain(person.Id));
    }

    [Test]
    public async Task RevokedOperator_LosesTheOperatorEndpointsOnTheNextRequest()
    {
        var person = await app.CreateAdminAsync(Operator, await app.SupportCompanyAsync());
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, person));
        Assert.That((await api.GetAsync("clients")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var revoked = await support.ReadAsync<ActionResult>(support.RevokeAsync(person.Id, Operator));

        Assert.That(revoked.Changed, Is.True);
        Assert.That((await api.GetAsync("clients")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await support.GetAsync<OperatorList>("operators")).Operators.Select(o => o.Id), Does.Not.Contain(person.Id));
    }

    [Test]
    public async Task Operator_CannotRevokeTheirOwnOperatorRole()
    {
        var person = await app.CreateAdminAsync(Operator, await app.SupportCompanyAsync());
        var api = new AdminApiClient(app, await AdminTokens.AdminAsync(app, person));

        var refused = await Problem.ReadAsync(await api.WithLanguage("en").RevokeAsync(person.Id, Operator), HttpStatusCode.Conflict);

        Assert.That(refused.Detail, Is.EqualTo("You cannot remove your own operator role. Ask another operator."));
        Assert.That((await api.GetAsync("clients")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still an operator");
    }

    [Test]
    public async Task AnUnknownRoleOrAccount_IsNotFound()
    {
        var employee = await app.CreateEmployeeAsync();

        var role = await Problem.ReadAsync(await support.GrantAsync(employee.Id, "superuser"), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await support.RevokeAsync(Guid.NewGuid(), Representative), HttpStatusCode.NotFound);

        Assert.That(role.Detail, Is.EqualTo("その権限はありません。company-admin または operator を指定してください。"));
    }

    [Test]
    public async Task CreatingACompanyWithItsFirstRepresentative_EnrolsThemAsItsCompanyAdmin_AndMailsTheInstruction()
    {
        var email = $"first-{NewCode()}@example.com";
        var request = new CreateCompanyRequest(NewCode(), "初代株式会社", "First Rep Inc.", null,
            new NewRepresentative(" R-001 ", " 代表 一郎 ", email, "en"));

        var company = await support.ReadAsync<CompanyDetail>(support.PostAsync("companies", request), HttpStatusCode.Created);

        var representatives = await support.RepresentativesAsync(company.Id);
        Assert.That(representatives.Select(r => (r.EmployeeNumber, r.DisplayName, r.Email)), Is.EqualTo(new[] { ("R-001", "代表 一郎", email) }));
        Assert.That(representatives[0].States, Does.Contain(EmployeeStates.Temporary));
        var detail = await support.EmployeeAsync(representatives[0].Id);
        Assert.That((detail.Locale, detail.AdminRole), Is.EqualTo(("en", Representative)));
        await Mailbox.DeliverAsync(app);
        var mail = (await Mailbox.ReadAsync(app, email)).Single();
        Assert.That(mail.Text(), Does.Contain(detail.LoginId), "the instruction email carries the temporary login ID");
        var audit = await support.GetAsync<PagedResult<AuditEntryDto>>($"audit?companyId={company.Id}");
        Assert.That(audit.Items.Select(a => a.Event), Is.EquivalentTo(new[] { "CompanyCreated", "TemporaryCredentialsIssued", "RoleGranted" }));
        Assert.That(audit.Items.Single(a => a.Event == "RoleGranted").Reason, Is.EqualTo("FirstRepresentative"));
    }

    [Test]
    public async Task CreatingACompany_WithAnInvalidFirstRepresentative_CreatesNothing_AndNamesTheField()
    {
        var code = NewCode();
        var request = new CreateCompanyRequest(code, "不備株式会社", "Faulty Inc.", null, new NewRepresentative("R-1", "代表 二郎", "not-an-address", "ja"));

        var problem = await Problem.ReadAsync(await support.PostAsync("companies", request), HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!.Keys, Is.EquivalentTo(new[] { "FirstRepresentative.Email" }));
        Assert.That((await support.GetAsync<PagedResult<CompanySummary>>($"companies?text={code}")).Total, Is.Zero);
    }

    [Test]
    public async Task CreatingACompany_WithATakenCode_EnrolsNoRepresentative()
    {
        var taken = (await app.CreateEmployeeAsync()).CompanyId;
        var code = (await support.GetAsync<CompanyDetail>($"companies/{taken}")).Code;
        var email = $"dup-{NewCode()}@example.com";

        await Problem.ReadAsync(await support.PostAsync("companies",
            new CreateCompanyRequest(code, "重複株式会社", "Duplicate Inc.", null, new NewRepresentative("R-1", "重複 三郎", email, "ja"))), HttpStatusCode.Conflict);

        Assert.That((await support.SearchAsync($"text={Uri.EscapeDataString(email)}")).Total, Is.Zero);
    }

    private static string NewCode() => "r" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>
/// The operator role is never removed from the last operator who can sign in (decision 0019), on a server of its own so
/// that this fixture knows every operator in its database.
/// </summary>
public sealed class LastOperatorTests : AppFixture
{
    private const string SupportCode = "support-desk-test";

    // A code of its own proves the setting is read; it also gives the fixture its own database.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Harmony:Operators:CompanyCode"] = SupportCode };

    [Test]
    public async Task TheLastOperatorWhoCanSignIn_KeepsTheRole_UntilAnotherOperatorCanSignIn()
    {
        var support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
        var supportCompany = await app.SupportCompanyAsync();
        var only = await app.CreateAdminAsync(HarmonyRoles.Operator, supportCompany);

        var refused = await Problem.ReadAsync(await support.WithLanguage("en").RevokeAsync(only.Id, HarmonyRoles.Operator), HttpStatusCode.Conflict);
        Assert.That(refused.Detail, Is.EqualTo("This is the last operator who can sign in; add another operator first."));

        var suspended = await app.CreateAdminAsync(HarmonyRoles.Operator, supportCompany);
        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(suspended.Id, "operator:test"));
        await Problem.ReadAsync(await support.RevokeAsync(only.Id, HarmonyRoles.Operator), HttpStatusCode.Conflict);

        var colleague = await app.AddEmployeeAsync(supportCompany);
        await support.ReadAsync<ActionResult>(support.GrantAsync(colleague.Id, HarmonyRoles.Operator));
        var revoked = await support.ReadAsync<ActionResult>(support.RevokeAsync(only.Id, HarmonyRoles.Operator));
        Assert.That(revoked.Changed, Is.True);
        Assert.That((await support.GetAsync<OperatorList>("operators")).CompanyCode, Is.EqualTo(SupportCode));
    }
}
