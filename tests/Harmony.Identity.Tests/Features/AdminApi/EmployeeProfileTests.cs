namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Editing an employee (issue 12 item 6): name, employee number (unique in the company) and email language through
/// <c>PUT /employees/{id}</c>, audited with each value before and after; and what an address correction answers about
/// the instruction email (decision 0022).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class EmployeeProfileTests(TestDatabase database) : RepresentativeAndSupportFixture(database)
{
    [Test]
    public async Task Update_ChangesNameNumberAndLanguage_AndTheHistoryHasEachValueBeforeAndAfter_WithTheRepresentativesName()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, employeeNumber: "P-" + Suffix(), displayName: "旧姓 花子");
        var before = await admin.EmployeeAsync(employee.Id);
        var number = "P-" + Suffix();

        var answer = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}", new UpdateEmployeeRequest(number, " 新姓 花子 ", "en")));

        var after = await admin.EmployeeAsync(employee.Id);
        Assert.Multiple(() =>
        {
            Assert.That((answer.Changed, answer.Outcome), Is.EqualTo((true, "従業員の情報を変更しました。")));
            Assert.That((after.DisplayName, after.EmployeeNumber, after.Locale), Is.EqualTo(("新姓 花子", number, "en")));
            Assert.That(after.Email, Is.EqualTo(before.Email), "the address has its own endpoint");
        });
        var entry = after.History.First();
        Assert.Multiple(() =>
        {
            Assert.That((entry.Event, entry.Reason), Is.EqualTo(("ProfileUpdated", "ByAdmin")));
            Assert.That(entry.Facts, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["displayName.from"] = "旧姓 花子",
                ["displayName.to"] = "新姓 花子",
                ["employeeNumber.from"] = before.EmployeeNumber!,
                ["employeeNumber.to"] = number,
                ["locale.from"] = "ja",
                ["locale.to"] = "en",
            }));
            Assert.That((entry.ActorName, entry.ActorRole), Is.EqualTo(("管理 花子", HarmonyRoles.CompanyAdmin)));
            Assert.That(entry.AccountName, Is.EqualTo("新姓 花子"), "names are read when the history is read");
        });
    }

    [Test]
    public async Task Update_WithTheSameValues_ChangesNothing_AndRecordsNothing()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, displayName: "同じ 名前");
        var current = await admin.EmployeeAsync(employee.Id);

        var answer = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}",
            new UpdateEmployeeRequest(current.EmployeeNumber, current.DisplayName, "JA")));

        Assert.That((answer.Changed, answer.Outcome), Is.EqualTo((false, "従業員の情報は変更されていません(登録済みの内容と同じです)。")));
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain("ProfileUpdated"));
    }

    [TestCase("ja", "この社員番号の従業員は、この企業に既に登録されています。")]
    [TestCase("en", "An employee with this employee number is already registered in this company.")]
    public async Task Update_ToANumberTakenInTheCompany_IsAConflict_InTheCallersLanguage_AndChangesNothing(string language, string detail)
    {
        var taken = await app.AddEmployeeAsync(representative.CompanyId, employeeNumber: "T-" + Suffix());
        var takenNumber = (await admin.EmployeeAsync(taken.Id)).EmployeeNumber!;
        var employee = await app.AddEmployeeAsync(representative.CompanyId, displayName: "衝突 一郎");

        var response = await admin.WithLanguage(language).PutAsync($"employees/{employee.Id}", new UpdateEmployeeRequest(takenNumber, "衝突 二郎", "ja"));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Conflict);
        Assert.That(problem.Detail, Is.EqualTo(detail));
        var after = await app.ReadUserAsync(employee.Id);
        Assert.That((after.DisplayName, after.EmployeeNumber), Is.Not.EqualTo(("衝突 二郎", takenNumber)));
        Assert.That(after.DisplayName, Is.EqualTo("衝突 一郎"), "a refused edit changes no field");
    }

    [Test]
    public async Task Update_ToANumberUsedInAnotherCompany_IsAllowed()
    {
        var elsewhere = await app.CreateEmployeeAsync();
        var otherNumber = "X-" + Suffix();
        await support.ReadAsync<ActionResult>(support.PutAsync($"employees/{elsewhere.Id}", new UpdateEmployeeRequest(otherNumber, "他社 社員", "ja")));
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var answer = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}", new UpdateEmployeeRequest(otherNumber, "自社 社員", "ja")));

        Assert.That(answer.Changed, Is.True);
    }

    [Test]
    public async Task Update_WithABlankNameNoNumberAndAnUnknownLanguage_IsABadRequest_NamingEachField()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var problem = await Problem.ReadAsync(await admin.PutAsync($"employees/{employee.Id}", new UpdateEmployeeRequest("", "  ", "fr")),
            HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!.Keys, Is.EquivalentTo(new[] { "EmployeeNumber", "DisplayName", "Locale" }));
        Assert.That(problem.Errors["DisplayName"], Is.EqualTo(new[] { AdminValidationTexts.Message(AdminValidationCodes.DisplayNameRequired, CultureInfo.GetCultureInfo("ja")) }));
    }

    [Test]
    public async Task Update_OfAnotherAdminsAccount_IsForTheSupportDesk_NotForARepresentative()
    {
        var colleague = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);

        var refused = await Problem.ReadAsync(await admin.PutAsync($"employees/{colleague.Id}", new UpdateEmployeeRequest("R-1", "なりすまし", "ja")),
            HttpStatusCode.Forbidden);
        var done = await support.ReadAsync<ActionResult>(support.PutAsync($"employees/{colleague.Id}", new UpdateEmployeeRequest("R-" + Suffix(), "改名 花子", "ja")));

        Assert.That(refused.Detail, Does.Contain("サポートデスク"));
        Assert.That(done.Changed, Is.True);
        Assert.That((await app.ReadUserAsync(colleague.Id)).DisplayName, Is.EqualTo("改名 花子"));
    }

    [Test]
    public async Task EmailCorrection_OfATemporaryAccount_SaysTheInstructionEmailWent_AndOffersNothingMore()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);

        var answer = await admin.ReadAsync<EmailCorrectionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest($"right-{Suffix()}@example.com")));

        Assert.That((answer.Changed, answer.InstructionSent, answer.NextStep), Is.EqualTo((true, true, (string?)null)));
    }

    [Test]
    public async Task EmailCorrection_OfTheLetterCaseOnly_OfATemporaryAccount_OffersToResend()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);

        var answer = await admin.ReadAsync<EmailCorrectionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest(employee.Email.ToUpperInvariant())));

        Assert.That((answer.Changed, answer.InstructionSent, answer.NextStep), Is.EqualTo((true, false, EmployeeNextSteps.Resend)));
    }

    [Test]
    public async Task EmailCorrection_OfASuspendedTemporaryAccount_OffersToResume()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await admin.ActAsync(employee.Id, "suspend");

        var answer = await admin.ReadAsync<EmailCorrectionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest($"right-{Suffix()}@example.com")));

        Assert.That((answer.InstructionSent, answer.NextStep), Is.EqualTo((false, EmployeeNextSteps.Resume)));
    }

    [Test]
    public async Task EmailCorrection_OfAPermanentAccount_OffersNoInstructionEmail()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var answer = await admin.ReadAsync<EmailCorrectionResult>(admin.PutAsync($"employees/{employee.Id}/email",
            new UpdateEmployeeEmailRequest($"right-{Suffix()}@example.com")));

        Assert.That((answer.InstructionSent, answer.NextStep), Is.EqualTo((false, (string?)null)));
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];
}
