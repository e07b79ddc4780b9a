namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Issue 9 item 8: a representative must not take over an admin account of their company by pointing its address at a
/// mailbox of their own and then reissuing, which would mail them fresh temporary credentials. On admin accounts,
/// changing the address, suspending, resuming and resending are for operators only; unlocking and lifting a restriction,
/// which hand out nothing, stay open.
/// </summary>
public sealed class AdminAccountProtectionTests : RepresentativeAndSupportFixture
{
    private const string RefusalJa =
        "この従業員は管理者(企業のご担当者またはオペレーター)のアカウントのため、メールアドレスの変更、ご利用停止、再度ご利用開始、" +
        "マイページ案内メールの再送はサポートデスク(オペレーター)のみが行えます。サポートデスクにご依頼ください。";

    private const string RefusalEn =
        "This account belongs to an administrator (a company representative or an operator), so only operators (the support desk) can " +
        "change its email address, suspend or resume it, or resend its instruction email. Please ask the support desk.";

    [TestCase(HarmonyRoles.CompanyAdmin)]
    [TestCase(HarmonyRoles.Operator)]
    public async Task Representative_CannotRedirectAnAdminAccountsEmail_AndReissueItToThemselves(string role)
    {
        var victim = await app.CreateAdminAsync(role, representative.CompanyId);
        var attacker = $"attacker-{Guid.NewGuid():N}@example.com";

        var change = await Problem.ReadAsync(
            await admin.PutAsync($"employees/{victim.Id}/email", new UpdateEmployeeEmailRequest(attacker)), HttpStatusCode.Forbidden);
        var resume = await Problem.ReadAsync(await admin.PostAsync($"employees/{victim.Id}/resume"), HttpStatusCode.Forbidden);
        var resend = await Problem.ReadAsync(await admin.PostAsync($"employees/{victim.Id}/resend-instruction"), HttpStatusCode.Forbidden);

        Assert.That(new[] { change.Detail, resume.Detail, resend.Detail }, Is.All.EqualTo(RefusalJa));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, attacker), Is.Empty, "nothing reaches the representative's mailbox");
        Assert.That(await Mailbox.ReadAsync(app, victim.Email), Is.Empty, "nothing was reissued to the victim's own address either");
        var after = await app.ReadUserAsync(victim.Id);
        Assert.Multiple(() =>
        {
            Assert.That((after.Email, after.UserName, after.CredentialKind), Is.EqualTo((victim.Email, victim.LoginId, CredentialKind.Permanent)));
            Assert.That(after.IsSuspended, Is.False);
        });
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(victim.LoginId, victim.Password)), Is.Not.Empty,
            "the admin still signs in with their own password");
        Assert.That((await app.AuditOfAsync(victim.Id)).Where(a => a.Actor == "admin:" + representative.Id), Is.Empty, "nothing was done to record");
    }

    [Test]
    public async Task Operator_CannotSuspendOrReissueTheirOwnAccount_AndStillSignsIn()
    {
        var self = await app.CreateAdminAsync(HarmonyRoles.Operator);
        var own = new AdminApiClient(app, await AdminTokens.AdminAsync(app, self));

        var suspend = await Problem.ReadAsync(await own.PostAsync($"employees/{self.Id}/suspend"), HttpStatusCode.Conflict);
        var resume = await Problem.ReadAsync(await own.WithLanguage("en").PostAsync($"employees/{self.Id}/resume"), HttpStatusCode.Conflict);

        Assert.That(suspend.Detail, Is.EqualTo("ご自身のアカウントはご利用停止・再度ご利用開始できません。別の管理者に依頼してください。"));
        Assert.That(resume.Detail, Is.EqualTo("You cannot suspend or resume your own account. Ask another administrator."));
        var after = await app.ReadUserAsync(self.Id);
        Assert.That((after.IsSuspended, after.CredentialKind), Is.EqualTo((false, CredentialKind.Permanent)));
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(self.LoginId, self.Password)), Is.Not.Empty);
    }

    [Test]
    public async Task Representative_CannotSuspendAnotherRepresentative_AndIsToldWhyInEnglish()
    {
        var colleague = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);

        var refused = await Problem.ReadAsync(await admin.WithLanguage("en").PostAsync($"employees/{colleague.Id}/suspend"), HttpStatusCode.Forbidden);

        Assert.That(refused.Detail, Is.EqualTo(RefusalEn));
        Assert.That((await app.ReadUserAsync(colleague.Id)).IsSuspended, Is.False);
    }

    [Test]
    public async Task Representative_CannotChangeTheirOwnEmail_EitherBecauseTheirAccountIsAnAdminAccount()
    {
        var refused = await Problem.ReadAsync(
            await admin.PutAsync($"employees/{representative.Id}/email", new UpdateEmployeeEmailRequest($"me-{Guid.NewGuid():N}@example.com")),
            HttpStatusCode.Forbidden);

        Assert.That(refused.Detail, Is.EqualTo(RefusalJa));
        Assert.That((await app.ReadUserAsync(representative.Id)).Email, Is.EqualTo(representative.Email));
    }

    [Test]
    public async Task Representative_MayStillUnlockAnotherRepresentative_AndLiftTheirEmailRestriction()
    {
        var colleague = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);
        for (var attempt = 0; attempt < 5; attempt++) await new OidcFlow(app.CreateBrowser()).SignInAsync(colleague.LoginId, "Wrong#Password1");
        await app.RestrictAddressAsync(colleague.Email);
        Assert.That((await admin.EmployeeAsync(colleague.Id)).States, Does.Contain(EmployeeStates.Locked).And.Contain(EmployeeStates.EmailRestricted));

        var unlocked = await admin.ActAsync(colleague.Id, "unlock");
        var lifted = await admin.ActAsync(colleague.Id, "lift-email-restriction");

        Assert.That((unlocked.Changed, lifted.Changed), Is.EqualTo((true, true)));
        Assert.That((await admin.EmployeeAsync(colleague.Id)).States, Is.EqualTo(new[] { EmployeeStates.Active }));
    }

    [Test]
    public async Task Operator_MayChangeAnAdminAccountsEmail_AndTheAuditNamesTheOperator()
    {
        var victim = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);
        var corrected = $"rep-{Guid.NewGuid():N}@example.com";

        var changed = await support.ReadAsync<ActionResult>(support.PutAsync($"employees/{victim.Id}/email", new UpdateEmployeeEmailRequest(corrected)));
        var suspended = await support.ActAsync(victim.Id, "suspend");
        var resumed = await support.ActAsync(victim.Id, "resume");

        Assert.That((changed.Changed, suspended.Changed, resumed.Changed), Is.EqualTo((true, true, true)));
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(app, corrected);
        Assert.That(loginId, Does.StartWith("tmp_"), "the reissue goes to the address the operator set");
        var byOperator = (await app.AuditOfAsync(victim.Id)).Where(a => a.Actor == "client:" + HarmonyAppFactory.ServiceClientId).Select(a => a.Event);
        Assert.That(byOperator, Is.SupersetOf(new[] { AuditEvents.EmailChanged, AuditEvents.Suspended, AuditEvents.Resumed }));
    }

    [Test]
    public async Task Detail_TellsWhichAdminRoleAnAccountHolds()
    {
        var colleague = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, representative.CompanyId);
        var operatorInCompany = await app.CreateAdminAsync(HarmonyRoles.Operator, representative.CompanyId);
        var employee = await app.AddEmployeeAsync(representative.CompanyId);

        Assert.That((await admin.EmployeeAsync(colleague.Id)).AdminRole, Is.EqualTo(HarmonyRoles.CompanyAdmin));
        Assert.That((await admin.EmployeeAsync(operatorInCompany.Id)).AdminRole, Is.EqualTo(HarmonyRoles.Operator));
        Assert.That((await admin.EmployeeAsync(employee.Id)).AdminRole, Is.Null);
    }
}
