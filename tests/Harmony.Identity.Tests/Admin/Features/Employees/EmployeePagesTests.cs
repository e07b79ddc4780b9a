using Harmony.Identity.Tests.Features.AdminApi;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Tests.Admin.Features.Employees;

/// <summary>A representative's work on employees, through the admin site's pages against the real API.</summary>
[TestFixture]
public sealed class EmployeePagesTests : AdminSiteFixture
{
    [Test]
    public async Task Representative_EnrolsAnEmployee_AndTheInstructionEmailArrives()
    {
        using var session = await SignInRepresentativeAsync();
        var browser = session.Browser;
        var email = $"new-{Guid.NewGuid():N}@example.com";

        var form = await browser.GetAsync("/employees/new");
        var detail = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.EmployeeNumber"] = "E-" + Guid.NewGuid().ToString("N")[..8],
            ["Input.DisplayName"] = "新人 花子",
            ["Input.Email"] = email,
            ["Input.Locale"] = "ja",
        });

        var loginId = detail.Text("#login-id");
        Assert.Multiple(() =>
        {
            Assert.That(detail.Uri.AbsolutePath, Does.StartWith("/employees/"));
            Assert.That(detail.Text("#employee-name"), Is.EqualTo("新人 花子"));
            Assert.That(detail.Text("#status-message"), Does.Contain("登録しました").And.Contain(loginId));
            Assert.That(States(detail), Is.EquivalentTo(new[] { "temporary" }));
        });

        await Mailbox.DeliverAsync(hosts.Server);
        var messages = await Mailbox.ReadAsync(hosts.Server, email);
        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0].Text(), Does.Contain(loginId));
    }

    [Test]
    public async Task Enrolment_ShowsTheRuleThatFailed_BesideItsField()
    {
        using var session = await SignInRepresentativeAsync();
        var browser = session.Browser;

        var form = await browser.GetAsync("/employees/new");
        var page = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.EmployeeNumber"] = "E-1",
            ["Input.DisplayName"] = "名前",
            ["Input.Email"] = "not-an-address",
        });

        Assert.Multiple(() =>
        {
            Assert.That(page.Uri.AbsolutePath, Is.EqualTo("/employees/new"));
            Assert.That(page.Document.QuerySelector("#Input_Email")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));
            Assert.That(page.Text("#Input_Email-error"), Is.Not.Empty);
            Assert.That(page.Text("#error-summary"), Does.Contain(page.Text("#Input_Email-error")));
        });
    }

    [Test]
    public async Task Search_FindsAnEmployee_ByNameEmailLoginIdAndState()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "検索 次郎");

        var byName = await browser.GetAsync($"/employees?text={Uri.EscapeDataString("検索 次郎")}");
        var byLoginId = await browser.GetAsync($"/employees?text={colleague.LoginId}");
        var byEmail = await browser.GetAsync($"/employees?text={Uri.EscapeDataString(colleague.Email)}");
        var byState = await browser.GetAsync("/employees?state=active");
        var noMatch = await browser.GetAsync("/employees?text=nobody-has-this-name");

        Assert.Multiple(() =>
        {
            Assert.That(Rows(byName), Is.EqualTo(new[] { colleague.Id.ToString() }));
            Assert.That(Rows(byLoginId), Is.EqualTo(new[] { colleague.Id.ToString() }));
            Assert.That(Rows(byEmail), Is.EqualTo(new[] { colleague.Id.ToString() }));
            Assert.That(Rows(byState), Does.Contain(colleague.Id.ToString()).And.Contain(representative.Id.ToString()));
            Assert.That(noMatch.Text("#no-results"), Is.EqualTo("条件に合う従業員は見つかりませんでした。"));
        });
    }

    [Test]
    public async Task Suspend_AsksForConfirmation_ThenResumeReissuesTemporaryCredentials()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "停止 三郎");

        var confirm = await browser.GetAsync($"/employees/{colleague.Id}/confirm/suspend");
        Assert.That(confirm.Text("#confirmation"), Does.Contain("停止 三郎").And.Contain(colleague.LoginId));
        Assert.That((await hosts.Server.ReadUserAsync(colleague.Id)).IsSuspended, Is.False, "showing the confirmation changes nothing");

        var suspended = await browser.SubmitAsync(confirm);
        Assert.Multiple(() =>
        {
            Assert.That(suspended.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(States(suspended), Does.Contain("suspended"));
            Assert.That(suspended.Document.QuerySelector("#status-message"), Is.Not.Null);
        });

        var resumeConfirm = await browser.GetAsync($"/employees/{colleague.Id}/confirm/resume");
        var resumed = await browser.SubmitAsync(resumeConfirm);
        Assert.Multiple(() =>
        {
            Assert.That(States(resumed), Is.EquivalentTo(new[] { "temporary" }));
            Assert.That(resumed.Text("#login-id"), Is.Not.EqualTo(colleague.LoginId), "a reissue gives a new temporary login ID");
            Assert.That(resumed.Document.QuerySelector("#status-message"), Is.Not.Null);
        });
    }

    [Test]
    public async Task AuditSearch_ShowsWhatAnAdminDid_ToAnAccount()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "監査 六郎");
        await browser.SubmitAsync(await browser.GetAsync($"/employees/{colleague.Id}/confirm/suspend"));

        var audit = await browser.GetAsync($"/audit?userId={colleague.Id}&pageNumber=1");

        Assert.Multiple(() =>
        {
            Assert.That(audit.Document.QuerySelector("#error-summary"), Is.Null);
            Assert.That(audit.Document.QuerySelectorAll("table.audit tbody tr").Select(r => r.GetAttribute("data-event")), Does.Contain("Suspended"));
            Assert.That(audit.Document.QuerySelector("table.audit tbody tr[data-event='Suspended']")?.TextContent, Does.Contain("ご利用停止"));
        });
    }

    [Test]
    public async Task Unlock_ReleasesALockedEmployee()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "施錠 四郎");
        await hosts.Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            var user = (await users.FindByIdAsync(colleague.Id.ToString()))!;
            await users.SetLockoutEndDateAsync(user, hosts.Server.Time.GetUtcNow().AddHours(24));
            return true;
        });

        var detail = await browser.GetAsync($"/employees/{colleague.Id}");
        Assert.That(States(detail), Does.Contain("locked"));

        var unlocked = await browser.SubmitAsync(detail, selector: "form[action*='handler=Unlock']");

        Assert.Multiple(() =>
        {
            Assert.That(States(unlocked), Does.Not.Contain("locked"));
            Assert.That(unlocked.Document.QuerySelector("#status-message"), Is.Not.Null);
        });
    }

    [Test]
    public async Task EditEmail_CorrectsTheAddress_AndLiftRestriction_ReleasesIt()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "宛先 五郎");
        var corrected = $"fixed-{Guid.NewGuid():N}@example.com";
        await hosts.Server.WithServicesAsync(async services =>
        {
            // The corrected address itself had bounced before: it is restricted until someone lifts it.
            var db = services.GetRequiredService<HarmonyDbContext>();
            db.EmailAddressStatuses.Add(new EmailAddressStatus
            {
                NormalizedAddress = corrected.ToUpperInvariant(),
                FailureCount = 3,
                LastFailureAt = hosts.Server.Time.GetUtcNow(),
                RestrictedAt = hosts.Server.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return true;
        });

        var form = await browser.GetAsync($"/employees/{colleague.Id}/email");
        var invalid = await browser.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = "wrong@" });
        Assert.That(invalid.Document.QuerySelector("#Input_Email")?.GetAttribute("aria-invalid"), Is.EqualTo("true"));

        var detail = await browser.SubmitAsync(invalid, new Dictionary<string, string> { ["Input.Email"] = corrected });
        Assert.Multiple(() =>
        {
            Assert.That(detail.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(detail.Text("#email"), Is.EqualTo(corrected));
            Assert.That(States(detail), Does.Contain("email-restricted"));
        });

        var lifted = await browser.SubmitAsync(detail, selector: "form[action*='handler=LiftRestriction']");
        Assert.Multiple(() =>
        {
            Assert.That(States(lifted), Does.Not.Contain("email-restricted"));
            Assert.That(lifted.Document.QuerySelector("#status-message"), Is.Not.Null);
        });
    }

    [Test]
    public async Task Representative_CannotSeeAnotherCompanysEmployee()
    {
        using var session = await SignInRepresentativeAsync();
        var browser = session.Browser;
        var stranger = await hosts.Server.CreateEmployeeAsync();

        var page = await browser.GetAsync($"/employees/{stranger.Id}");
        var search = await browser.GetAsync($"/employees?text={stranger.LoginId}");

        Assert.Multiple(() =>
        {
            Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(page.Text("#not-found"), Does.Contain("見つかりませんでした"));
            Assert.That(page.BodyText, Does.Not.Contain(stranger.LoginId).And.Not.Contain(stranger.Email));
            Assert.That(Rows(search), Is.Empty);
        });
    }

    [Test]
    public async Task CsvImport_ReportsRefusedRowsWithLineNumbers_ThenImportsTheValidOnes()
    {
        using var session = await SignInRepresentativeAsync();
        var browser = session.Browser;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var csv = "employee_number,name,email,locale\n" +
                  $"I-{suffix}-1,取込 一郎,import1-{suffix}@example.com,ja\n" +
                  $"I-{suffix}-2,取込 二郎,not-an-address,ja\n" +
                  $"I-{suffix}-3,Import Three,import3-{suffix}@example.com,en\n";

        var upload = await browser.GetAsync("/employees/import");
        var report = await browser.UploadAsync(upload, "Upload", "employees.csv", Encoding.UTF8.GetBytes(csv));

        Assert.Multiple(() =>
        {
            Assert.That(report.Text("#valid-rows"), Is.EqualTo("2"));
            Assert.That(report.Text("#refused-rows"), Is.EqualTo("1"));
            Assert.That(report.Document.QuerySelector("#refused tbody tr td")?.TextContent, Is.EqualTo("3"), "the refused row's line number");
        });
        var beforeConfirm = await browser.GetAsync($"/employees?text=I-{suffix}");
        Assert.That(Rows(beforeConfirm), Is.Empty, "nothing is imported before the confirmation");

        var result = await browser.SubmitAsync(report, selector: "#confirm-import");
        // The import runs in the background: its page shows the progress and reloads itself (a meta refresh) until done.
        for (var reload = 0; reload < 3000 && result.Uri.AbsolutePath.StartsWith("/employees/import/", StringComparison.Ordinal); reload++)
        {
            var progress = result.Document.QuerySelector("progress#import-progress");
            Assert.That(progress?.GetAttribute("max"), Is.EqualTo("2"), result.Document.Body?.TextContent);
            Assert.That(result.Text("#import-count"), Does.EndWith("/ 2 件"));
            Assert.That(result.Document.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content"), Is.EqualTo("2"));
            await Task.Delay(50);
            result = await browser.GetAsync(result.Uri.PathAndQuery);
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.Uri.AbsolutePath, Is.EqualTo("/employees"));
            Assert.That(result.Text("#status-message"), Does.Contain("2"));
        });
        var imported = await browser.GetAsync($"/employees?text=I-{suffix}");
        Assert.That(Rows(imported), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task ImportProgressPage_ShowsABarThatRefreshesItself_AndAFailedImportsReason()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var running = await AddImportAsync(representative.CompanyId, EmployeeImportStatuses.Hashing, hashed: 3, errorCode: null);
        var failed = await AddImportAsync(representative.CompanyId, EmployeeImportStatuses.Failed, hashed: 5, EmployeeImportErrorCodes.EmployeeNumberTaken);

        var progress = await browser.GetAsync($"/employees/import/{representative.CompanyId}/{running}");
        var failure = await browser.GetAsync($"/employees/import/{representative.CompanyId}/{failed}");
        var foreign = await browser.GetWithoutRedirectAsync($"/employees/import/{Guid.NewGuid()}/{running}");

        Assert.Multiple(() =>
        {
            Assert.That(progress.Document.QuerySelector("progress#import-progress")?.GetAttribute("value"), Is.EqualTo("3"));
            Assert.That(progress.Document.QuerySelector("progress#import-progress")?.GetAttribute("max"), Is.EqualTo("5"));
            Assert.That(progress.Text("#import-count"), Is.EqualTo("3 / 5 件"));
            Assert.That(progress.Document.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content"), Is.EqualTo("2"));
            Assert.That(failure.Text("#import-failed"), Does.Contain("社員番号が別の操作で登録されました"));
            Assert.That(failure.Document.QuerySelector("meta[http-equiv=refresh]"), Is.Null, "a finished import stops refreshing");
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another company's address for the import");
        });
    }

    private Task<Guid> AddImportAsync(Guid companyId, string status, int hashed, string? errorCode) => hosts.Server.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var job = new Harmony.Identity.Server.Features.AdminApi.Import.EmployeeImportJob
        {
            Id = Guid.CreateVersion7(),
            CompanyId = companyId,
            Actor = "admin:test",
            FileName = "社員一覧.csv",
            FileHash = new string('0', 64),
            TotalRows = 5,
            ValidRows = 5,
            RowsJson = "[]",
            Status = status,
            Hashed = hashed,
            ErrorCode = errorCode,
            CreatedAt = hosts.Server.Time.GetUtcNow(),
            // Held by a runner that is not this test's server's, so that nothing runs it meanwhile.
            ClaimedBy = errorCode is null ? Guid.NewGuid() : null,
            ClaimedUntil = errorCode is null ? hosts.Server.Time.GetUtcNow().AddHours(1) : null,
        };
        db.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    });

    private const string AdminAccountRefusal =
        "この従業員は管理者(企業のご担当者またはオペレーター)のアカウントのため、メールアドレスの変更、ご利用停止、再度ご利用開始、" +
        "マイページ案内メールの再送はサポートデスク(オペレーター)のみが行えます。サポートデスクにご依頼ください。";

    [Test]
    public async Task Representative_IsOfferedOnlyUnlockAndLift_OnAnotherRepresentativesPage()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "同僚 担当");
        await hosts.Server.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);
        await hosts.Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(colleague.Id.ToString()))!, hosts.Server.Time.GetUtcNow().AddHours(24));
            return true;
        });

        var detail = await browser.GetAsync($"/employees/{colleague.Id}");

        var actions = detail.Document.QuerySelector("#employee-actions")!;
        Assert.Multiple(() =>
        {
            Assert.That(detail.Text("#admin-role"), Is.EqualTo("企業のご担当者"));
            Assert.That(detail.Text("#admin-account-note"), Is.EqualTo(AdminAccountRefusal));
            Assert.That(actions.QuerySelectorAll("a, button").Select(e => e.TextContent.Trim()), Is.EqualTo(new[] { "ロックを解除" }));
        });

        var unlocked = await browser.SubmitAsync(detail, selector: "form[action*='handler=Unlock']");
        Assert.That(States(unlocked), Does.Not.Contain("locked"), "unlocking gives no credentials away and stays open");
    }

    [Test]
    public async Task Representative_OpeningTheEmailOrSuspendPageOfAnAdminAccount_IsSentBackWithTheReason()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "同僚 二号");
        await hosts.Server.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);

        var email = await browser.GetAsync($"/employees/{colleague.Id}/email");
        var suspend = await browser.GetAsync($"/employees/{colleague.Id}/confirm/suspend");

        Assert.Multiple(() =>
        {
            Assert.That(email.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(email.Text("#status-message"), Is.EqualTo(AdminAccountRefusal));
            Assert.That(suspend.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(suspend.Text("#status-message"), Is.EqualTo(AdminAccountRefusal));
        });
    }

    [Test]
    public async Task Representative_SubmittingAPageOpenedBeforeTheAccountBecameAnAdmin_SeesTheApisRefusal()
    {
        using var session = await SignInRepresentativeAsync();
        var (browser, representative) = (session.Browser, session.Admin);
        var colleague = await CreateColleagueAsync(representative, "昇格 三郎");
        var emailForm = await browser.GetAsync($"/employees/{colleague.Id}/email");
        var suspendForm = await browser.GetAsync($"/employees/{colleague.Id}/confirm/suspend");
        await hosts.Server.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);

        var emailAnswer = await browser.SubmitAsync(emailForm, new Dictionary<string, string> { ["Input.Email"] = $"mine-{Guid.NewGuid():N}@example.com" });
        var suspendAnswer = await browser.SubmitAsync(suspendForm);

        Assert.Multiple(() =>
        {
            Assert.That(emailAnswer.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}/email"));
            Assert.That(emailAnswer.Text("#error-summary"), Does.Contain(AdminAccountRefusal));
            Assert.That(suspendAnswer.Uri.AbsolutePath, Is.EqualTo($"/employees/{colleague.Id}"));
            Assert.That(suspendAnswer.Text("#status-message"), Is.EqualTo(AdminAccountRefusal));
        });
        var after = await hosts.Server.ReadUserAsync(colleague.Id);
        Assert.That((after.Email, after.IsSuspended), Is.EqualTo((colleague.Email, false)));
    }

    [Test]
    public async Task Operator_CorrectsARepresentativesAddress_AndIsToldWhatFollowed()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var representative = await hosts.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var corrected = $"rep-{Guid.NewGuid():N}@example.com";

        var detail = await session.Browser.GetAsync($"/employees/{representative.Id}");
        Assert.That(detail.Document.QuerySelector("#admin-account-note"), Is.Null);
        var form = await session.Browser.GetAsync($"/employees/{representative.Id}/email");
        var after = await session.Browser.SubmitAsync(form, new Dictionary<string, string> { ["Input.Email"] = corrected });

        Assert.Multiple(() =>
        {
            Assert.That(after.Text("#email"), Is.EqualTo(corrected));
            Assert.That(after.Text("#status-message"), Does.StartWith("メールアドレスを変更しました。").And.Contain("変更のお知らせメールを送信します"));
        });
        await Mailbox.DeliverAsync(hosts.Server);
        Assert.That((await Mailbox.ReadAsync(hosts.Server, representative.Email)).Select(m => m.Subject),
            Is.EqualTo(new[] { "【Harmony】マイページのメールアドレスが変更されました" }));
    }

    private Task<AdminSession> SignInRepresentativeAsync() => hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);

    /// <summary>Another employee of the representative's company, with permanent credentials.</summary>
    private Task<TestEmployee> CreateColleagueAsync(TestEmployee representative, string name) =>
        hosts.Server.WithServicesAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            var suffix = Guid.NewGuid().ToString("N")[..10];
            var user = new HarmonyUser
            {
                UserName = "emp-" + suffix,
                Email = $"colleague-{suffix}@example.com",
                EmailConfirmed = true,
                DisplayName = name,
                EmployeeNumber = "N-" + suffix,
                CompanyId = representative.CompanyId,
                CredentialKind = CredentialKind.Permanent,
                CreatedAt = hosts.Server.Time.GetUtcNow(),
            };
            var result = await users.CreateAsync(user, "Colleague#2026");
            Assert.That(result.Succeeded, Is.True, string.Join(", ", result.Errors.Select(e => e.Code)));
            return new TestEmployee(user.Id, user.UserName, "Colleague#2026", user.Email, representative.CompanyId);
        });

    private static string[] States(AdminSitePage page) =>
        page.Document.QuerySelectorAll(".page-head [data-state]").Select(e => e.GetAttribute("data-state")!).ToArray();

    private static string[] Rows(AdminSitePage page) =>
        page.Document.QuerySelectorAll("#employees tbody tr").Select(e => e.GetAttribute("data-employee-id")!).ToArray();
}
