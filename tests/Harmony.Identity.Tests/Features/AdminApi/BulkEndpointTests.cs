namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Bulk actions through the admin API (issue 12 item 4, decision 0020): by ids or by filter, a preview that changes
/// nothing, a result per employee (done, or skipped with a reason in the caller's language), the single actions'
/// checks (company, admin accounts), and a company of 1,000 in one call. Observed in the accounts, the audit log and
/// the pickup folder.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class BulkEndpointTests(TestDatabase database) : AppFixture(database)
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync() => support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));

    private Task<(Guid CompanyId, TestEmployee Representative, AdminApiClient Client)> CompanyAsync() => app.CompanyWithRepresentativeAsync();

    private static Task<BulkResult> RunAsync(AdminApiClient client, BulkRequest request, bool preview = false) =>
        client.ReadAsync<BulkResult>(client.PostAsync(preview ? "employees/bulk/preview" : "employees/bulk", request));

    [Test]
    public async Task ReissueByFilter_GivesEveryExpiredEmployeeNewCredentials_WhoseEmailsSignThemIn()
    {
        var (companyId, representative, admin) = await CompanyAsync();
        var expired = new[] { await app.AddExpiredEmployeeAsync(companyId), await app.AddExpiredEmployeeAsync(companyId) };
        var stillValid = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);

        var result = await RunAsync(admin, new BulkRequest(BulkActions.Reissue, null, new BulkFilter(companyId, EmployeeStates.TemporaryExpired, null)));

        Assert.That((result.Total, result.Done, result.Skipped, result.Preview), Is.EqualTo((2, 2, 0, false)));
        Assert.That(result.Items.Select(i => i.Id), Is.EquivalentTo(expired.Select(e => e.Id)));
        Assert.That(result.Items.Select(i => i.Message).Distinct(), Is.EqualTo(new[] { "新しい仮ログインID・仮パスワードを発行し、マイページ案内メールの送信を受け付けました。" }));
        foreach (var employee in expired)
        {
            var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);
            var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
            Assert.That(signIn.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"), "the new temporary credentials work");
            Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => (a.Event, a.Reason, a.Actor)),
                Does.Contain((AuditEvents.TemporaryCredentialsIssued, AuditReasons.Reissue, "admin:" + representative.Id)));
        }
        Assert.That(await MailsToAsync(stillValid.Email), Is.Empty, "the filter reached only the expired");
        Assert.That((await admin.SearchAsync($"state={EmployeeStates.TemporaryExpired}")).Total, Is.Zero);
    }

    [Test]
    public async Task ResendByIds_SkipsAnotherCompanysEmployee_AnAdminAccount_AndAPermanentAccount_SayingWhyInTheCallersLanguage()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var temporary = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        var permanent = await app.AddEmployeeAsync(companyId);
        var colleague = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        await app.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);
        var elsewhere = await app.AddEmployeeAsync((await app.CreateEmployeeAsync()).CompanyId, CredentialKind.Temporary, displayName: "他社 秘密");
        var request = new BulkRequest(BulkActions.Resend, [temporary.Id, elsewhere.Id, colleague.Id, permanent.Id], null);

        var english = await RunAsync(admin.WithLanguage("en"), request, preview: true);
        var result = await RunAsync(admin, request);

        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(i => (i.Id, i.Status, i.Reason)), Is.EqualTo(new[]
            {
                (temporary.Id, BulkResult.StatusDone, (string?)null),
                (elsewhere.Id, BulkResult.StatusSkipped, BulkSkipReasons.NotFound),
                (colleague.Id, BulkResult.StatusSkipped, BulkSkipReasons.AdminAccount),
                (permanent.Id, BulkResult.StatusSkipped, BulkSkipReasons.Permanent),
            }));
            Assert.That((result.Done, result.Skipped), Is.EqualTo((1, 3)));
            Assert.That(result.Items[1].Message, Is.EqualTo("この従業員は見つかりません。"));
            Assert.That(result.Items[2].Message, Is.EqualTo("管理者(企業のご担当者またはオペレーター)のアカウントのため、サポートデスク(オペレーター)のみが実行できます。"));
            Assert.That(english.Items.Select(i => i.Message), Is.EqualTo(new[]
            {
                "The instruction email will be sent again.",
                "This employee was not found.",
                "This is an admin account: only operators (the support desk) can do this.",
                "Has permanent credentials already, so there is no instruction email to resend (use reissue for new temporary credentials).",
            }));
            Assert.That(result.Items[1].DisplayName, Is.Null, "nothing of another company's employee is echoed back");
        });
        Assert.That(await MailsToAsync(temporary.Email), Has.Count.EqualTo(1));
        foreach (var untouched in new[] { elsewhere, colleague })
        {
            Assert.That((await app.ReadUserAsync(untouched.Id)).UserName, Is.EqualTo(untouched.LoginId), "a skipped account keeps its credentials");
            Assert.That(await MailsToAsync(untouched.Email), Is.Empty);
        }
    }

    [Test]
    public async Task Operator_MayResendToAnAdminAccount_ThatARepresentativeMayNot()
    {
        var (companyId, _, _) = await CompanyAsync();
        var colleague = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        await app.GrantRoleAsync(colleague.Id, HarmonyRoles.CompanyAdmin);

        var result = await RunAsync(support, new BulkRequest(BulkActions.Resend, [colleague.Id], null));

        Assert.That(result.Items.Single().Status, Is.EqualTo(BulkResult.StatusDone));
        Assert.That(await MailsToAsync(colleague.Email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Preview_SaysWhoWouldBeDoneAndWhoSkipped_AndChangesNothing()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var expired = await app.AddExpiredEmployeeAsync(companyId, "期限 一郎");
        var suspended = await app.AddSuspendedEmployeeAsync(companyId);
        var before = await app.ReadUserAsync(expired.Id);

        var preview = await RunAsync(admin, new BulkRequest(BulkActions.Reissue, [expired.Id, suspended.Id], null), preview: true);

        Assert.That(preview.Preview, Is.True);
        Assert.That(preview.Items.Select(i => (i.DisplayName, i.Status, i.Reason)), Is.EqualTo(new[]
        {
            ("期限 一郎", BulkResult.StatusReady, (string?)null),
            ("試験 次郎", BulkResult.StatusSkipped, BulkSkipReasons.Suspended),
        }));
        var after = await app.ReadUserAsync(expired.Id);
        Assert.That((after.UserName, after.PasswordHash, after.TemporaryExpiresAt), Is.EqualTo((before.UserName, before.PasswordHash, before.TemporaryExpiresAt)));
        Assert.That(await MailsToAsync(expired.Email), Is.Empty);
    }

    [Test]
    public async Task Resend_RightAfterAResend_SkipsWhoWasJustSent()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var temporary = await app.AddEmployeeAsync(companyId, CredentialKind.Temporary);
        var request = new BulkRequest(BulkActions.Resend, [temporary.Id], null);

        var first = await RunAsync(admin, request);
        var second = await RunAsync(admin, request);

        Assert.That(first.Items.Single().Status, Is.EqualTo(BulkResult.StatusDone));
        Assert.That((second.Items.Single().Reason, second.Items.Single().Message),
            Is.EqualTo((BulkSkipReasons.RecentlySent, "10分以内にマイページ案内メールを送信済みのため、対象外です(重複して届かないように)。")));
        Assert.That(await MailsToAsync(temporary.Email), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reissue_SkipsARestrictedAddress_RatherThanVoidCredentialsNoEmailWouldReplace()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var expired = await app.AddExpiredEmployeeAsync(companyId);
        await app.RestrictAddressAsync(expired.Email);

        var result = await RunAsync(admin.WithLanguage("en"), new BulkRequest(BulkActions.Reissue, [expired.Id], null));

        Assert.That(result.Items.Single().Reason, Is.EqualTo(BulkSkipReasons.EmailRestricted));
        Assert.That(result.Items.Single().Message, Does.Contain("lift the restriction"));
        Assert.That((await app.ReadUserAsync(expired.Id)).UserName, Is.EqualTo(expired.LoginId));
    }

    [Test]
    public async Task SuspendThenResumeThenUnlock_ByFilter_ChangeExactlyThoseInTheState()
    {
        var (companyId, representative, admin) = await CompanyAsync();
        var first = await app.AddEmployeeAsync(companyId, displayName: "停止 予定");
        var second = await app.AddEmployeeAsync(companyId, displayName: "停止 予定");
        var other = await app.AddEmployeeAsync(companyId, displayName: "別人 三郎");
        var locked = await app.AddLockedEmployeeAsync(companyId);

        var suspended = await RunAsync(admin, new BulkRequest(BulkActions.Suspend, null, new BulkFilter(companyId, null, "停止")));
        Assert.That(suspended.Items.Select(i => i.Id), Is.EquivalentTo(new[] { first.Id, second.Id }));
        Assert.That((await app.ReadUserAsync(first.Id)).IsSuspended && (await app.ReadUserAsync(second.Id)).IsSuspended, Is.True);
        Assert.That((await app.ReadUserAsync(other.Id)).IsSuspended, Is.False);
        Assert.That((await app.AuditOfAsync(first.Id)).Select(a => (a.Event, a.Actor)), Does.Contain((AuditEvents.Suspended, "admin:" + representative.Id)));

        var resumed = await RunAsync(admin, new BulkRequest(BulkActions.Resume, null, new BulkFilter(companyId, EmployeeStates.Suspended, null)));
        Assert.That((resumed.Done, resumed.Skipped), Is.EqualTo((2, 0)));
        Assert.That((await app.ReadUserAsync(first.Id)).IsSuspended, Is.False);
        Assert.That(await MailsToAsync(first.Email), Has.Count.EqualTo(1), "resuming sends new temporary credentials");

        var unlocked = await RunAsync(admin, new BulkRequest(BulkActions.Unlock, null, new BulkFilter(companyId, EmployeeStates.Locked, null)));
        Assert.That(unlocked.Items.Select(i => (i.Id, i.Status)), Is.EqualTo(new[] { (locked.Id, BulkResult.StatusDone) }));
        Assert.That((await app.ReadUserAsync(locked.Id)).LockoutEnd, Is.Null);
    }

    [Test]
    public async Task Operator_SuspendingThemselvesInBulk_IsSkipped()
    {
        var (companyId, _, _) = await CompanyAsync();
        var operatorAccount = await app.CreateAdminAsync(HarmonyRoles.Operator, companyId);
        var asOperator = new AdminApiClient(app, await AdminTokens.AdminAsync(app, operatorAccount));

        var result = await RunAsync(asOperator, new BulkRequest(BulkActions.Suspend, [operatorAccount.Id], null));

        Assert.That(result.Items.Single().Reason, Is.EqualTo(BulkSkipReasons.Self));
        Assert.That((await app.ReadUserAsync(operatorAccount.Id)).IsSuspended, Is.False);
    }

    [Test]
    public async Task BadRequests_AreNamedProblems_AndAnotherCompanysFilterIsNotFound()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var english = admin.WithLanguage("en");

        var noAction = await Problem.ReadAsync(await english.PostAsync("employees/bulk", new BulkRequest("delete", [Guid.NewGuid()], null)), HttpStatusCode.BadRequest);
        var both = await Problem.ReadAsync(await english.PostAsync("employees/bulk",
            new BulkRequest(BulkActions.Unlock, [Guid.NewGuid()], new BulkFilter(companyId, null, null))), HttpStatusCode.BadRequest);
        var tooMany = await Problem.ReadAsync(await english.PostAsync("employees/bulk",
            new BulkRequest(BulkActions.Unlock, Enumerable.Range(0, 1001).Select(_ => Guid.NewGuid()).ToList(), null)), HttpStatusCode.BadRequest);
        var noCompany = await Problem.ReadAsync(await english.PostAsync("employees/bulk/preview",
            new BulkRequest(BulkActions.Unlock, null, new BulkFilter(null, null, null))), HttpStatusCode.BadRequest);
        var badState = await Problem.ReadAsync(await english.PostAsync("employees/bulk/preview",
            new BulkRequest(BulkActions.Unlock, null, new BulkFilter(companyId, "sleeping", null))), HttpStatusCode.BadRequest);
        var otherCompany = await Problem.ReadAsync(await admin.PostAsync("employees/bulk",
            new BulkRequest(BulkActions.Suspend, null, new BulkFilter((await app.CreateEmployeeAsync()).CompanyId, null, null))), HttpStatusCode.NotFound);

        Assert.Multiple(() =>
        {
            Assert.That(noAction.Errors!["Action"].Single(), Is.EqualTo("Name the action as one of: resend, reissue, suspend, resume, unlock"));
            Assert.That(both.Errors!.Keys, Is.EqualTo(new[] { "Ids" }));
            Assert.That(tooMany.Errors!["Ids"].Single(), Is.EqualTo("1001 employees match. At most 1000 can be handled in one call: narrow the filter."));
            Assert.That(noCompany.Errors!.Keys, Is.EqualTo(new[] { "Filter.CompanyId" }));
            Assert.That(badState.Errors!.Keys, Is.EqualTo(new[] { "Filter.State" }));
            Assert.That(otherCompany.Detail, Is.EqualTo("企業が見つかりません。"));
        });
    }

    [Test]
    public async Task AThousandEmployees_AreReissuedInOneCall_AndOneMoreIsRefused()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var ids = await AddExpiredEmployeesAsync(companyId, BulkActions.MaxEmployees);
        var filter = new BulkFilter(companyId, EmployeeStates.TemporaryExpired, null);

        var result = await RunAsync(admin, new BulkRequest(BulkActions.Reissue, null, filter));

        Assert.That((result.Total, result.Done), Is.EqualTo((BulkActions.MaxEmployees, BulkActions.MaxEmployees)));
        var queued = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().OutboxMessages
            .CountAsync(m => m.UserId != null && ids.Contains(m.UserId.Value) && m.Kind == "Instruction"));
        Assert.That(queued, Is.EqualTo(BulkActions.MaxEmployees), "one instruction email each");

        await AddExpiredEmployeesAsync(companyId, BulkActions.MaxEmployees + 1);
        var refused = await Problem.ReadAsync(await admin.PostAsync("employees/bulk", new BulkRequest(BulkActions.Reissue, null, filter)), HttpStatusCode.BadRequest);
        Assert.That(refused.Errors!["Filter"].Single(), Does.StartWith("1001人が対象です。"));
    }

    /// <summary>The emails to an address once the outbox has delivered what is queued.</summary>
    private async Task<IReadOnlyList<MimeKit.MimeMessage>> MailsToAsync(string address)
    {
        await Mailbox.DeliverAsync(app);
        return await Mailbox.ReadAsync(app, address);
    }

    /// <summary>Many expired employees at once, written directly (no password: they only need to be reissued).</summary>
    private Task<List<Guid>> AddExpiredEmployeesAsync(Guid companyId, int count) => app.WithServicesAsync(async services =>
    {
        var db = services.GetRequiredService<HarmonyDbContext>();
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var suffix = Guid.NewGuid().ToString("N")[..12];
            return new HarmonyUser
            {
                UserName = "tmp_" + suffix,
                NormalizedUserName = ("tmp_" + suffix).ToUpperInvariant(),
                Email = $"many-{suffix}@example.com",
                NormalizedEmail = $"MANY-{suffix}@EXAMPLE.COM",
                DisplayName = "大勢 " + suffix,
                CompanyId = companyId,
                EmployeeNumber = "M" + suffix,
                CredentialKind = CredentialKind.Temporary,
                TemporaryExpiresAt = app.Time.GetUtcNow().AddDays(-1),
                SecurityStamp = Guid.NewGuid().ToString("N"),
                CreatedAt = app.Time.GetUtcNow(),
            };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return users.Select(u => u.Id).ToList();
    });
}
