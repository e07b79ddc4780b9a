using System.Text;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Issue 12's new endpoints fed what an outsider would send: malformed or oversized bodies, wrong types, unknown values,
/// and names made to break the CSV exports, emails and audit sentences they end up in. Always a localized validation
/// problem, never a 500, and nothing changed.
/// </summary>
public sealed class AdminInputAttackTests : RepresentativeAndSupportFixture
{
    private static readonly string[] TrickyNames =
    [
        "山田\n太郎",            // a line break: splits a CSV row, an email subject, an audit sentence
        "Taro\r=HYPERLINK(1)",   // a carriage return, then a formula
        "Taro\u202Egnp.exe",     // a right-to-left override: reads "Taroexe.png"
        "Taro\u2066x\u2069",     // a directional isolate
        "Taro\u0000",            // NUL
    ];

    [Test]
    public async Task EditingAnEmployeeName_ToOneWithControlOrDirectionCharacters_IsALocalizedProblem_AndKeepsTheName()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, displayName: "元の 名前");
        var before = await support.EmployeeAsync(employee.Id);

        foreach (var name in TrickyNames)
        {
            var problem = await Problem.ReadAsync(await admin.WithLanguage("en").PutAsync($"employees/{employee.Id}",
                new UpdateEmployeeRequest(before.EmployeeNumber, name, "ja")), HttpStatusCode.BadRequest);
            Assert.That(problem.Errors!["DisplayName"], Is.EqualTo(new[]
            {
                "Names cannot contain line breaks, tabs or other control characters, nor characters that change the text direction (such as U+202E).",
            }), name);
        }

        var japanese = await Problem.ReadAsync(await admin.WithLanguage("ja").PutAsync($"employees/{employee.Id}",
            new UpdateEmployeeRequest(before.EmployeeNumber, TrickyNames[2], "ja")), HttpStatusCode.BadRequest);
        Assert.That(japanese.Errors!["DisplayName"].Single(), Does.StartWith("名前に改行"));
        Assert.That((await support.EmployeeAsync(employee.Id)).DisplayName, Is.EqualTo("元の 名前"));
    }

    [Test]
    public async Task CreatingACompany_OrItsFirstRepresentative_WithADirectionOverrideInAName_IsRefused_AndCreatesNothing()
    {
        var code = "atk" + Guid.NewGuid().ToString("N")[..10];

        var company = await Problem.ReadAsync(await support.PostAsync("companies",
            new CreateCompanyRequest(code, "攻撃\u202E株式会社", "Attack Inc.", null, null)), HttpStatusCode.BadRequest);
        var person = await Problem.ReadAsync(await support.PostAsync("companies",
            new CreateCompanyRequest(code, "攻撃株式会社", "Attack Inc.", null, new NewRepresentative("R-1", "代表\n一郎", $"{code}@example.com", "ja"))),
            HttpStatusCode.BadRequest);

        Assert.That(company.Errors!.Keys, Is.EquivalentTo(new[] { "NameJa" }));
        Assert.That(person.Errors!.Keys, Is.EquivalentTo(new[] { "FirstRepresentative.DisplayName" }));
        Assert.That((await support.GetAsync<PagedResult<CompanySummary>>($"companies?text={code}")).Total, Is.Zero);
    }

    [Test]
    public async Task AnAppsDisplayName_WithADirectionOverride_IsRefused_WhenRegisteredAndWhenEdited()
    {
        var clientId = "atk-" + Guid.NewGuid().ToString("N")[..10];
        var spoofed = "Payroll\u202Eloryap";

        var registering = await Problem.ReadAsync(await support.PostAsync("clients",
            new RegisterClientRequest(clientId, spoofed, true, [HarmonyAppFactory.RedirectUri], [], ["openid"], ["authorization_code"])), HttpStatusCode.BadRequest);
        var registered = await support.PostAsync("clients",
            new RegisterClientRequest(clientId, "Payroll", true, [HarmonyAppFactory.RedirectUri], [], ["openid"], ["authorization_code"]));
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        var editing = await Problem.ReadAsync(await support.PutAsync($"clients/{clientId}",
            new UpdateClientRequest(spoofed, [HarmonyAppFactory.RedirectUri], [])), HttpStatusCode.BadRequest);

        Assert.That((registering.Errors!.Keys, editing.Errors!.Keys), Is.EqualTo((new[] { "DisplayName" }, new[] { "DisplayName" })));
        Assert.That((await support.GetAsync<ClientDto>($"clients/{clientId}")).DisplayName, Is.EqualTo("Payroll"));
    }

    [TestCase("{", TestName = "ABulkRequest_ThatIsNotJson_IsABadRequestProblem")]
    [TestCase("{\"action\":\"suspend\",\"ids\":\"everyone\"}", TestName = "ABulkRequest_WhoseIdsAreAString_IsABadRequestProblem")]
    [TestCase("{\"action\":\"suspend\",\"ids\":[\"not-a-guid\"]}", TestName = "ABulkRequest_WithAnIdThatIsNoGuid_IsABadRequestProblem")]
    [TestCase("{\"action\":7,\"ids\":[]}", TestName = "ABulkRequest_WhoseActionIsANumber_IsABadRequestProblem")]
    [TestCase("{\"action\":\"delete\",\"ids\":[]}", TestName = "ABulkRequest_WithAnUnknownAction_IsABadRequestProblem")]
    [TestCase("[]", TestName = "ABulkRequest_ThatIsAnArray_IsABadRequestProblem")]
    public async Task MalformedBulkRequests(string body)
    {
        var response = await RawPostAsync("employees/bulk", body);

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task ABulkRequest_With100000Ids_IsRefusedWithTheCount_AndSuspendsNobody()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        var ids = Enumerable.Repeat(employee.Id, 1).Concat(Enumerable.Range(0, 99_999).Select(_ => Guid.NewGuid())).ToList();

        var problem = await Problem.ReadAsync(await admin.WithLanguage("en").PostAsync("employees/bulk", new BulkRequest("suspend", ids, null)),
            HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!["Ids"].Single(), Does.Contain("100,000").Or.Contain("100000"));
        Assert.That((await support.EmployeeAsync(employee.Id)).States, Does.Not.Contain(EmployeeStates.Suspended));
    }

    [TestCase("encoding=ebcdic")]
    [TestCase("timeZone=Mars/Olympus_Mons")]
    [TestCase("timeZone=..%2F..%2Fetc%2Fpasswd")]
    [TestCase("sort=password")]
    [TestCase("direction=sideways")]
    [TestCase("state=deleted")]
    public async Task AnEmployeeExport_WithAnUnknownParameterValue_IsAValidationProblem_NotAFile(string parameter)
    {
        var response = await admin.GetAsync($"employees/export?companyId={representative.CompanyId}&{parameter}");

        Assert.That((await Problem.ReadAsync(response, HttpStatusCode.BadRequest)).Errors, Is.Not.Empty);
    }

    private string? representativeToken;

    private async Task<HttpResponseMessage> RawPostAsync(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{AdminApiClient.Base}/{path}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.WithBearer(representativeToken ??= await AdminTokens.AdminAsync(app, representative));
        return await app.CreateBrowser().SendAsync(request);
    }
}
