namespace Harmony.Identity.Tests.Features.AdminApi.Lists;

/// <summary>
/// The employee list of the admin API (issue 12 item 3): sorted by a column either way with a stable order across pages,
/// filters that combine, the total, and every unknown parameter refused in the caller's language.
/// </summary>
public sealed class EmployeeListEndpointTests : AppFixture
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync()
    {
        support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
    }

    [Test]
    public async Task Sort_ByNameAndEmployeeNumber_EitherWay()
    {
        var token = Token();
        var (companyId, people) = await app.CompanyWithAsync(("N3", $"{token} BRAVO"), ("N1", $"{token} CHARLIE"), ("N2", $"{token} ALPHA"));
        var list = $"companyId={companyId}&text={token}";

        var byName = await support.SearchAsync(list + "&sort=name");
        var byNameDesc = await support.SearchAsync(list + "&sort=name&direction=desc");
        var byNumber = await support.SearchAsync(list);
        var byNumberDesc = await support.SearchAsync(list + "&sort=employeeNumber&direction=desc");

        Assert.Multiple(() =>
        {
            Assert.That(byName.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "N2", "N3", "N1" }));
            Assert.That(byNameDesc.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "N1", "N3", "N2" }));
            Assert.That(byNumber.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "N1", "N2", "N3" }), "by employee number unless asked");
            Assert.That(byNumberDesc.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "N3", "N2", "N1" }));
            Assert.That(byName.Total, Is.EqualTo(people.Count));
        });
    }

    [Test]
    public async Task Sort_ByLastSignIn_PutsThoseWhoNeverSignedInLast_EitherWay()
    {
        var token = Token();
        var (companyId, people) = await app.CompanyWithAsync(("L1", $"{token} A"), ("L2", $"{token} B"), ("L3", $"{token} C"));
        var now = app.Time.GetUtcNow();
        await app.SetLastSignInAsync(people[0].Id, now.AddDays(-2));
        await app.SetLastSignInAsync(people[1].Id, null);
        await app.SetLastSignInAsync(people[2].Id, now.AddDays(-1));
        var list = $"companyId={companyId}&text={token}&sort=lastSignIn";

        var oldestFirst = await support.SearchAsync(list + "&direction=asc");
        var newestFirst = await support.SearchAsync(list + "&direction=desc");

        Assert.That(oldestFirst.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "L1", "L3", "L2" }));
        Assert.That(newestFirst.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "L3", "L1", "L2" }));
    }

    [Test]
    public async Task Pages_OfATiedSort_NeitherRepeatNorSkipAnyone_AndCarryTheTotal()
    {
        var token = Token();
        var (companyId, people) = await app.CompanyWithAsync(("T5", $"{token} SAME"), ("T2", $"{token} SAME"), ("T4", $"{token} SAME"),
            ("T1", $"{token} SAME"), ("T3", $"{token} SAME"));
        var list = $"companyId={companyId}&text={token}&sort=name&pageSize=2";

        var pages = new List<PagedResult<EmployeeSummary>>();
        for (var page = 1; page <= 3; page++) pages.Add(await support.SearchAsync($"{list}&page={page}"));

        Assert.Multiple(() =>
        {
            Assert.That(pages.SelectMany(p => p.Items).Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "T1", "T2", "T3", "T4", "T5" }),
                "equal names fall back to the employee number");
            Assert.That(pages.Select(p => p.Total), Is.All.EqualTo(people.Count));
            Assert.That(pages.Select(p => p.Items.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        });
    }

    [Test]
    public async Task StateAndText_Combine()
    {
        var token = Token();
        var (companyId, people) = await app.CompanyWithAsync(("S1", $"{token} ONE"), ("S2", $"{token} TWO"), ("S3", "Other Person"));
        await support.ActAsync(people[0].Id, "suspend");
        await support.ActAsync(people[2].Id, "suspend");

        var suspendedWithText = await support.SearchAsync($"companyId={companyId}&state=suspended&text={token}");
        var activeWithText = await support.SearchAsync($"companyId={companyId}&state=active&text={token}");

        Assert.That(suspendedWithText.Items.Select(e => e.EmployeeNumber), Is.EqualTo(new[] { "S1" }));
        Assert.That((activeWithText.Total, activeWithText.Items.Single().EmployeeNumber), Is.EqualTo((1, "S2")));
    }

    [Test]
    public async Task Representative_SortsTheirOwnCompanyOnly_WhateverCompanyIdSays()
    {
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var (otherCompany, _) = await app.CompanyWithAsync(("X1", "Stranger"));
        var client = new AdminApiClient(app, await AdminTokens.AdminAsync(app, representative));

        var list = await client.SearchAsync($"companyId={otherCompany}&sort=email&direction=desc&pageSize=200");

        Assert.That(list.Items.Select(e => e.CompanyId), Is.All.EqualTo(representative.CompanyId));
        Assert.That(list.Items.Select(e => e.Id), Does.Contain(representative.Id));
    }

    [TestCase("ja", "sort=salary", "Sort", "並べ替えの列は employeeNumber, name, loginId, email, lastSignIn のいずれかを指定してください。")]
    [TestCase("en", "sort=salary", "Sort", "The sort column must be one of employeeNumber, name, loginId, email, lastSignIn.")]
    [TestCase("ja", "sort=name&direction=up", "Direction", "並べ替えの向きは asc, desc のいずれかを指定してください。")]
    [TestCase("en", "state=asleep", "State", "The state must be one of temporary, temporary-expiring, temporary-expired, active, suspended, locked, email-restricted.")]
    public async Task UnknownParameter_IsAValidationProblem_InTheCallersLanguage(string language, string query, string property, string message)
    {
        var response = await support.WithLanguage(language).GetAsync($"employees?{query}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem.Errors?[property], Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task UnreadablePageSize_IsABadRequest_NotAnError()
    {
        var response = await support.GetAsync("employees?pageSize=many");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string Token() => ListTestData.Token("L");
}
