namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// What a representative does for an employee (PRODUCT §1, §2, §9), through the admin API, observed where the employee
/// and the representative would observe it: the pickup folder, the login page, the employee's detail.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class EmployeeEndpointTests(TestDatabase database) : RepresentativeAndSupportFixture(database)
{
    private const string Invalid = "無効なログインIDまたはパスワードです。";

    [Test]
    public async Task Enrol_QueuesTheInstructionEmail_WhoseCredentialsLeadToFirstSignIn()
    {
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var number = "E-" + Guid.NewGuid().ToString("N")[..8];
        var response = await admin.PostAsync("employees", new CreateEmployeeRequest(representative.CompanyId, number, "新入 一郎", email, null));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        Assert.That(body, Does.Not.Contain("assword"), "the temporary password is never returned");
        var created = System.Text.Json.JsonSerializer.Deserialize<EmployeeCreated>(body, AdminApiClient.Json)!;
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"/api/admin/employees/{created.Id}"));
        Assert.That(created.TemporaryExpiresAt, Is.EqualTo(app.Time.GetUtcNow().AddDays(30)));

        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, email);
        Assert.That(loginId, Is.EqualTo(created.LoginId));
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));

        var detail = await admin.EmployeeAsync(created.Id);
        Assert.Multiple(() =>
        {
            Assert.That(detail.EmployeeNumber, Is.EqualTo(number));
            Assert.That(detail.DisplayName, Is.EqualTo("新入 一郎"));
            Assert.That(detail.Locale, Is.EqualTo("ja"));
            Assert.That(detail.CredentialKind, Is.EqualTo("Temporary"));
            Assert.That(detail.States, Is.EqualTo(new[] { EmployeeStates.Temporary }));
            Assert.That(detail.RecentEmails.Single().Kind, Is.EqualTo("Instruction"));
            Assert.That(detail.RecentEmails.Single().Status, Is.EqualTo("Sent"));
            Assert.That(detail.History.Select(h => (h.Event, h.Reason, h.Actor)),
                Does.Contain((AuditEvents.TemporaryCredentialsIssued, AuditReasons.Enrolment, "admin:" + representative.Id)));
        });
    }

    [Test]
    public async Task Enrol_RefusesAnEmployeeNumberTheCompanyAlreadyUses_InTheCallersLanguage()
    {
        var existing = await app.AddEmployeeAsync(representative.CompanyId, employeeNumber: "DUP-" + Guid.NewGuid().ToString("N")[..6]);
        var number = (await app.ReadUserAsync(existing.Id)).EmployeeNumber;
        var request = new CreateEmployeeRequest(representative.CompanyId, number, "重複 太郎", "dup@example.com", "en");

        var japanese = await Problem.ReadAsync(await admin.PostAsync("employees", request), HttpStatusCode.Conflict);
        var english = await Problem.ReadAsync(await AsEnglish(admin).PostAsync("employees", request), HttpStatusCode.Conflict);

        Assert.That(japanese.Detail, Is.EqualTo("この社員番号の従業員は、この企業に既に登録されています。"));
        Assert.That(english.Detail, Is.EqualTo("An employee with this employee number is already registered in this company."));
        Assert.That(await Mailbox.ReadAsync(app, "dup@example.com"), Is.Empty);
    }

    [Test]
    public async Task Enrol_NamesEveryInvalidField()
    {
        var request = new CreateEmployeeRequest(Guid.Empty, " ", "", "not-an-address", "fr");

        var japanese = await Problem.ReadAsync(await admin.PostAsync("employees", request), HttpStatusCode.BadRequest);
        var english = await Problem.ReadAsync(await AsEnglish(admin).PostAsync("employees", request), HttpStatusCode.BadRequest);

        Assert.That(japanese.Errors!.Keys, Is.EquivalentTo(new[] { "CompanyId", "EmployeeNumber", "DisplayName", "Email", "Locale" }));
        Assert.Multiple(() =>
        {
            Assert.That(japanese.Errors["Email"], Is.EqualTo(new[] { "メールアドレスの形式が正しくありません。例: taro.yamada@example.co.jp" }));
            Assert.That(english.Errors!["Email"], Is.EqualTo(new[] { "This is not a valid email address. Example: taro.yamada@example.co.jp" }));
            Assert.That(english.Errors["EmployeeNumber"], Is.EqualTo(new[] { "Enter the employee number." }));
        });
    }

    [Test]
    public async Task Enrol_IntoAnotherCompany_IsNotFound_AndCreatesNothing()
    {
        var other = await app.CreateEmployeeAsync();
        var email = $"intruder-{Guid.NewGuid():N}@example.com";
        var problem = await Problem.ReadAsync(
            await admin.PostAsync("employees", new CreateEmployeeRequest(other.CompanyId, "X1", "侵入 者", email, null)), HttpStatusCode.NotFound);

        Assert.That(problem.Detail, Is.EqualTo("企業が見つかりません。"));
        var count = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users.CountAsync(u => u.Email == email));
        Assert.That(count, Is.Zero);
    }

    [Test]
    public async Task Suspend_RefusesSignIn_AndResume_IssuesNewCredentialsByEmail()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var suspended = await admin.ActAsync(employee.Id, "suspend");
        var again = await admin.ActAsync(employee.Id, "suspend");
        Assert.That((suspended.Changed, suspended.Outcome), Is.EqualTo((true, "ご利用を停止しました。この従業員はログインできず、ログイン中のアプリからもログアウトされます。")));
        Assert.That(again.Changed, Is.False, "suspending twice is not an error");
        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo(Invalid));
        Assert.That((await admin.EmployeeAsync(employee.Id)).States, Does.Contain(EmployeeStates.Suspended));

        var resumed = await AsEnglish(admin).ActAsync(employee.Id, "resume");
        Assert.That((resumed.Changed, resumed.Outcome),
            Is.EqualTo((true, "Access was resumed. New temporary credentials were issued and the instruction email is on its way.")));

        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);
        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo(Invalid), "the old credentials stop working");
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));

        var detail = await admin.EmployeeAsync(employee.Id);
        Assert.Multiple(() =>
        {
            Assert.That(detail.States, Is.EqualTo(new[] { EmployeeStates.Temporary }));
            Assert.That(detail.ReservedLoginId, Is.EqualTo(employee.LoginId), "the former permanent login ID stays reserved");
            var byAdmins = detail.History.Where(h => h.Actor is not null).ToList();
            Assert.That(byAdmins.Select(h => h.Event),
                Is.EqualTo(new[] { AuditEvents.Resumed, AuditEvents.TemporaryCredentialsIssued, AuditEvents.Suspended }), "newest first");
            Assert.That(byAdmins.Select(h => h.Actor), Is.All.EqualTo("admin:" + representative.Id));
            Assert.That(detail.History.Select(h => h.Event), Does.Contain(AuditEvents.SignInFailed), "the refused sign-ins are in the history too");
        });
    }

    [Test]
    public async Task Unlock_OpensALockedAccountAtOnce()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);
        for (var attempt = 0; attempt < 5; attempt++) await AlertAsync(employee.LoginId, "Wrong#Password1");
        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo("アカウントがロックされています"));

        var locked = await admin.EmployeeAsync(employee.Id);
        Assert.That(locked.States, Is.EqualTo(new[] { EmployeeStates.Active, EmployeeStates.Locked }));
        Assert.That(locked.LockedUntil, Is.EqualTo(app.Time.GetUtcNow().AddHours(24)));
        Assert.That((await admin.SearchAsync($"companyId={representative.CompanyId}&state=locked")).Items.Select(e => e.Id), Does.Contain(employee.Id));

        var unlocked = await admin.ActAsync(employee.Id, "unlock");
        Assert.That((unlocked.Changed, unlocked.Outcome), Is.EqualTo((true, "アカウントのロックを解除しました。")));
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/connect/authorize"), "signed in, back to the app's authorization request");
        Assert.That((await admin.ActAsync(employee.Id, "unlock")).Changed, Is.False, "nothing to unlock is not an error");
    }

    [Test]
    public async Task LiftEmailRestriction_LetsTheInstructionEmailGoOutAgain()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        await app.RestrictAddressAsync(employee.Email);

        var restricted = await admin.EmployeeAsync(employee.Id);
        Assert.That(restricted.States, Is.EqualTo(new[] { EmployeeStates.Temporary, EmployeeStates.EmailRestricted }));
        Assert.That(restricted.EmailDeliveryFailures, Is.EqualTo(3));
        var refused = await Problem.ReadAsync(await admin.PostAsync($"employees/{employee.Id}/resend-instruction"), HttpStatusCode.Conflict);
        Assert.That(refused.Detail, Does.Contain("送信が制限されています"));

        var lifted = await admin.ActAsync(employee.Id, "lift-email-restriction");
        Assert.That((lifted.Changed, lifted.Outcome), Is.EqualTo((true, "メール送信の制限を解除しました。")));
        Assert.That((await admin.ActAsync(employee.Id, "lift-email-restriction")).Changed, Is.False);

        var detail = await admin.EmployeeAsync(employee.Id);
        Assert.That(detail.States, Is.EqualTo(new[] { EmployeeStates.Temporary }));
        Assert.That(detail.EmailDeliveryFailures, Is.Zero);
        Assert.That(detail.History.First().Event, Is.EqualTo(AuditEvents.EmailRestrictionLifted));

        await admin.ActAsync(employee.Id, "resend-instruction");
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);
        Assert.That(loginId, Does.StartWith("tmp_"));
    }

    [Test]
    public async Task UpdateEmail_ChangesWhereTheNextInstructionEmailGoes()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);
        var corrected = $"corrected-{Guid.NewGuid():N}@example.com";

        var changed = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest($" {corrected} ")));
        Assert.That(changed.Changed, Is.True);
        Assert.That(changed.Outcome, Does.StartWith("メールアドレスを変更しました。"));
        var same = await admin.ReadAsync<ActionResult>(admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest(corrected)));
        Assert.That(same.Changed, Is.False);

        var detail = await admin.EmployeeAsync(employee.Id);
        Assert.That(detail.Email, Is.EqualTo(corrected));
        var audit = detail.History.Single(h => h.Event == "EmailChanged");
        Assert.That(audit.Actor, Is.EqualTo("admin:" + representative.Id));
        Assert.That(audit.Details, Does.Not.Contain(corrected), "the audit log masks addresses");

        var invalid = await Problem.ReadAsync(await admin.PutAsync($"employees/{employee.Id}/email", new UpdateEmployeeEmailRequest("a@b")), HttpStatusCode.BadRequest);
        Assert.That(invalid.Errors!.Keys, Is.EquivalentTo(new[] { "Email" }));

        await admin.ActAsync(employee.Id, "resend-instruction");
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, corrected)).Select(m => m.Subject).ToList(), Has.Count.EqualTo(2).And.All.Contain("仮ログインID・仮パスワード"),
            "the reissue of the correction, then the resend");
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Select(m => m.Subject),
            Is.EqualTo(new[] { "【Harmony】マイページのメールアドレスが変更されました" }), "the former address gets the notice only");
    }

    [Test]
    public async Task ResendInstruction_IssuesNewTemporaryCredentials_AndVoidsTheOldOnes()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId, CredentialKind.Temporary);

        var resent = await admin.ActAsync(employee.Id, "resend-instruction");
        Assert.That(resent.Changed, Is.True);
        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);

        Assert.That(await AlertAsync(employee.LoginId, employee.Password), Is.EqualTo(Invalid));
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.IsSuspended, Is.False);
        Assert.That((await app.AuditOfAsync(employee.Id)).Last().Reason, Is.EqualTo("ResendInstruction"));
    }

    [Test]
    public async Task ResendInstruction_ToAPermanentAccount_IsAConflict()
    {
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        var problem = await Problem.ReadAsync(await AsEnglish(admin).PostAsync($"employees/{employee.Id}/resend-instruction"), HttpStatusCode.Conflict);

        Assert.That(problem.Detail, Does.StartWith("The employee has already chosen a permanent login ID and password"));
        Assert.That((await app.ReadUserAsync(employee.Id)).UserName, Is.EqualTo(employee.LoginId), "nothing was reissued");
    }

    [Test]
    public async Task Search_FindsByEachField()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        // "Q" never occurs in the hexadecimal parts of generated login IDs and addresses.
        var target = await app.AddEmployeeAsync(company, employeeNumber: "EMP-Q7731", displayName: "検索 対象子");
        await app.AddEmployeeAsync(company, employeeNumber: "EMP-Q0001", displayName: "別人 花子");
        await SuspendThenResumeAsync(target.Id);
        var now = await app.ReadUserAsync(target.Id);

        foreach (var text in new[] { "対象", target.Email.ToUpperInvariant(), now.UserName!, target.LoginId, "Q7731" })
        {
            var found = await support.SearchAsync($"companyId={company}&text={Uri.EscapeDataString(text)}");
            Assert.That(found.Items.Select(e => e.Id), Is.EqualTo(new[] { target.Id }), $"text '{text}'");
        }
    }

    [Test]
    public async Task Search_FiltersByEachState()
    {
        var creator = await app.CreateEmployeeAsync();
        var company = creator.CompanyId;
        var active = await app.AddEmployeeAsync(company);
        var temporary = await app.AddEmployeeAsync(company, CredentialKind.Temporary);
        var expired = await app.AddEmployeeAsync(company, CredentialKind.Temporary);
        var suspended = await app.AddEmployeeAsync(company);
        var locked = await app.AddEmployeeAsync(company);
        var restricted = await app.AddEmployeeAsync(company);
        await SetAsync(expired.Id, u => u.TemporaryExpiresAt = app.Time.GetUtcNow().AddMinutes(-1));
        await SetAsync(suspended.Id, u => u.IsSuspended = true);
        await SetAsync(locked.Id, u => u.LockoutEnd = app.Time.GetUtcNow().AddHours(1));
        await app.RestrictAddressAsync(restricted.Email);

        var expectations = new Dictionary<string, TestEmployee[]>
        {
            [EmployeeStates.Active] = [creator, active, locked, restricted],
            [EmployeeStates.Temporary] = [temporary],
            [EmployeeStates.TemporaryExpired] = [expired],
            [EmployeeStates.Suspended] = [suspended],
            [EmployeeStates.Locked] = [locked],
            [EmployeeStates.EmailRestricted] = [restricted],
        };
        foreach (var (state, expected) in expectations)
        {
            var found = await support.SearchAsync($"companyId={company}&state={state}");
            Assert.That(found.Items.Select(e => e.Id), Is.EquivalentTo(expected.Select(e => e.Id)), state);
            Assert.That(found.Items.Select(e => e.States), Has.All.Contains(state), state);
        }

        var unknown = await Problem.ReadAsync(await AsEnglish(support).GetAsync($"employees?state=sleeping"), HttpStatusCode.BadRequest);
        Assert.That(unknown.Errors!.Keys, Is.EquivalentTo(new[] { "State" }));
    }

    [Test]
    public async Task Search_PagesThroughEveryEmployee_OnceEach()
    {
        var company = (await app.CreateEmployeeAsync()).CompanyId;
        for (var i = 0; i < 4; i++) await app.AddEmployeeAsync(company);

        var pages = new List<PagedResult<EmployeeSummary>>();
        for (var page = 1; page <= 3; page++) pages.Add(await support.SearchAsync($"companyId={company}&page={page}&pageSize=2"));

        Assert.That(pages.Select(p => p.Total), Is.All.EqualTo(5));
        Assert.That(pages.Select(p => p.Items.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(pages.SelectMany(p => p.Items).Select(e => e.Id).Distinct().Count(), Is.EqualTo(5));
        Assert.That((await support.SearchAsync($"companyId={company}&page=1&pageSize=5000")).PageSize, Is.EqualTo(200), "page sizes are capped");
    }

    [Test]
    public async Task Representative_SearchesOnlyTheirCompany_WhateverCompanyIdSays()
    {
        var elsewhere = await app.CreateEmployeeAsync();
        var mine = await app.AddEmployeeAsync(representative.CompanyId, displayName: "試験 三郎");

        var asked = await admin.SearchAsync($"companyId={elsewhere.CompanyId}&text=試験&pageSize=200");
        Assert.That(asked.Items.Select(e => e.CompanyId), Is.All.EqualTo(representative.CompanyId));
        Assert.That(asked.Items.Select(e => e.Id), Does.Contain(mine.Id).And.Not.Contain(elsewhere.Id));

        var operatorView = await support.SearchAsync($"companyId={elsewhere.CompanyId}");
        Assert.That(operatorView.Items.Select(e => e.Id), Is.EqualTo(new[] { elsewhere.Id }));
    }

    [Test]
    public async Task AnotherCompanysEmployee_IsNotFound_ForEveryAction()
    {
        var stranger = await app.CreateEmployeeAsync();
        foreach (var path in new[] { "", "/suspend", "/resume", "/unlock", "/lift-email-restriction", "/resend-instruction" })
        {
            var response = path.Length == 0 ? await admin.GetAsync($"employees/{stranger.Id}") : await admin.PostAsync($"employees/{stranger.Id}{path}");
            var problem = await Problem.ReadAsync(response, HttpStatusCode.NotFound);
            Assert.That(problem.Detail, Is.EqualTo("従業員が見つかりません。"), path);
        }
        var user = await app.ReadUserAsync(stranger.Id);
        Assert.That((user.IsSuspended, user.UserName), Is.EqualTo((false, stranger.LoginId)));
        Assert.That((await app.AuditOfAsync(stranger.Id)).Where(a => a.Actor != null), Is.Empty);
    }

    private static AdminApiClient AsEnglish(AdminApiClient client) => client.WithLanguage("en");

    private async Task SuspendThenResumeAsync(Guid id)
    {
        await support.ActAsync(id, "suspend");
        await support.ActAsync(id, "resume");
    }

    private Task<int> SetAsync(Guid userId, Action<HarmonyUser> change) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        change(await db.Users.SingleAsync(u => u.Id == userId));
        return await db.SaveChangesAsync();
    });

    private async Task<string> AlertAsync(string loginId, string password)
    {
        var page = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password)).ReadHtmlAsync();
        return page.Text("[role=alert] .alert-title");
    }
}
