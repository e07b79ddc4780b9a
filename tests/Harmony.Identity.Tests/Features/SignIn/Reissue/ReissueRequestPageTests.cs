using Harmony.Identity.Tests.Features.AdminApi;

namespace Harmony.Identity.Tests.Features.SignIn.Reissue;

/// <summary>
/// FAQ Q11, self-service (decision 0028): the right temporary password after expiry opens the expired-credentials page
/// (and only that: no session), whose button sends the company one reissue request; its representatives are emailed.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ReissueRequestPageTests(TestDatabase database) : AppFixture(database)
{
    [TestCase("ja", "仮ログインID/パスワードの有効期限が切れました", "会社に再発行を依頼する", "再発行のご依頼をご担当者に送りました")]
    [TestCase("en", "Your temporary ID and password have expired", "Ask my company to reissue", "Your reissue request has been sent to your company representative")]
    public async Task RightExpiredPassword_OpensThePageWithTheFaqMessage_AndItsButtonSendsOneRequest(
        string language, string expired, string button, string sent)
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var employee = await app.AddExpiredEmployeeAsync(companyId);

        var (browser, uri, page) = await app.OpenExpiredPageAsync(employee, language);
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo(expired), "the FAQ's message (Q11)");
        Assert.That(page.Text("#request-reissue"), Is.EqualTo(button));
        Assert.That(await app.RequestCountAsync(employee.Id), Is.Zero, "opening the page sends nothing");

        var answer = await ReissueRequestTestData.PressReissueAsync(browser, uri, page);
        Assert.That(answer.Text("#reissue-outcome .notice-title"), Is.EqualTo(sent));
        Assert.That(await app.RequestCountAsync(employee.Id), Is.EqualTo(1));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Select(a => a.Event), Does.Contain(ReissueAuditEvents.Requested));
        Assert.That(audit.Select(a => a.Event), Does.Not.Contain(AuditEvents.SignInSucceeded), "no session was opened");

        // The proof of the password is no session: the app's request still goes to the login page.
        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.AbsolutePath, Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task SecondPress_SaysTheRequestIsAlreadyWithTheRepresentative_AndSendsNoOther()
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, companyId);
        var employee = await app.AddExpiredEmployeeAsync(companyId);

        var (browser, uri, page) = await app.OpenExpiredPageAsync(employee);
        await ReissueRequestTestData.PressReissueAsync(browser, uri, page);
        var again = await ReissueRequestTestData.PressReissueAsync(browser, uri, page);
        // A new sign-in later finds the same pending request.
        var later = await app.SendReissueRequestAsync(employee);

        Assert.That(again.Text("#reissue-outcome .notice-title"), Is.EqualTo("再発行のご依頼はすでにご担当者に届いています"));
        Assert.That(later, Does.StartWith("再発行のご依頼はすでにご担当者に届いています"));
        Assert.That(await app.RequestCountAsync(employee.Id), Is.EqualTo(1));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, representative.Email), Has.Count.EqualTo(1), "one email per request");
    }

    [Test]
    public async Task Request_EmailsEachActiveRepresentativeWithAnAddress_InTheirLanguage_AndNobodyElse()
    {
        var first = await app.CreateEmployeeAsync();
        var japanese = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, first.CompanyId);
        var english = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, first.CompanyId);
        await app.SetUserAsync(english.Id, u => u.Locale = "en");
        var suspended = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, first.CompanyId);
        await app.SetUserAsync(suspended.Id, u => u.IsSuspended = true);
        var restricted = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, first.CompanyId);
        await app.RestrictAddressAsync(restricted.Email);
        var otherCompany = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin);
        var employee = await app.AddExpiredEmployeeAsync(first.CompanyId, displayName: "期限 切子");

        await app.SendReissueRequestAsync(employee);
        await Mailbox.DeliverAsync(app);

        var ja = (await Mailbox.ReadAsync(app, japanese.Email)).Single();
        Assert.That(ja.Subject, Is.EqualTo("【Harmony】マイページ再発行のご依頼が届きました"));
        Assert.That(ja.Text(), Does.Contain("期限 切子").And.Contain("従業員番号").And.Contain("管理サイトへのログインが必要です"));
        var en = (await Mailbox.ReadAsync(app, english.Email)).Single();
        Assert.That(en.Subject, Is.EqualTo("[Harmony] A My Page reissue request has arrived"));
        Assert.That(en.Text(), Does.Contain("期限 切子").And.Contain("requires signing in to the admin site"));
        // This server has no Harmony:Email:AdminSiteUrl: the email names the site and carries no link to act with.
        Assert.That(ja.Links(), Is.Empty);
        Assert.That(await Mailbox.ReadAsync(app, suspended.Email), Is.Empty, "a suspended representative");
        Assert.That(await Mailbox.ReadAsync(app, restricted.Email), Is.Empty, "an address that mail no longer reaches");
        Assert.That(await Mailbox.ReadAsync(app, otherCompany.Email), Is.Empty, "another company's representative");
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Is.Empty, "the employee gets nothing until it is approved");
    }

    [Test]
    public async Task ExpiredPage_WithoutTheProofOfThePassword_SendsToLogin_AndAPostSendsNoRequest()
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var employee = await app.AddExpiredEmployeeAsync(companyId);
        var browser = app.CreateBrowser();

        var typed = await browser.GetAsync("/account/temporary-expired");
        Assert.That(typed.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(typed.Headers.Location!.ToString(), Does.StartWith("/account/login"));

        // A wrong password says only "invalid" and gives no proof; a post with a valid antiforgery token then does nothing.
        var wrong = await new OidcFlow(browser).SignInAsync(employee.LoginId, "Wrong#Pass123");
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var loginPage = await wrong.ReadHtmlAsync();
        var posted = await browser.SubmitFormAsync(loginPage, new Uri(browser.BaseAddress!, "/account/temporary-expired"), new Dictionary<string, string>());
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(posted.Headers.Location!.ToString(), Does.StartWith("/account/login"));
        Assert.That(await app.RequestCountAsync(employee.Id), Is.Zero);
    }

    [Test]
    public async Task ProofForTheExpiredPage_DoesNotOpenTheConversionPage()
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var employee = await app.AddExpiredEmployeeAsync(companyId);
        var (browser, _, _) = await app.OpenExpiredPageAsync(employee);

        var conversion = await browser.GetAsync("/account/first-sign-in");
        Assert.That(conversion.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(conversion.Headers.Location!.ToString(), Does.StartWith("/account/login"));
    }

    [Test]
    public async Task RequestsBeyondTheDailyLimit_AreRefusedWithAClearMessage_AndAudited()
    {
        var companyId = (await app.CreateEmployeeAsync()).CompanyId;
        var employee = await app.AddExpiredEmployeeAsync(companyId);
        var support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));
        for (var i = 0; i < 3; i++)
        {
            await app.SendReissueRequestAsync(employee);
            var pending = await ReissueRequestTestData.PendingRequestOfAsync(support, employee);
            await support.ReadAsync<ActionResult>(support.PostAsync(ReissueRequestApi.DeclinePath(pending.Id).TrimStart('/'), new DeclineReissueRequest(null)));
        }

        var (browser, uri, page) = await app.OpenExpiredPageAsync(employee, "en");
        var refused = await ReissueRequestTestData.PressReissueAsync(browser, uri, page);

        Assert.That(refused.Text("#reissue-outcome .alert-title"), Is.EqualTo("You have sent as many reissue requests as allowed for now"));
        Assert.That(refused.Text("#reissue-outcome"), Does.Contain("contact your company representative directly"));
        Assert.That(await app.RequestCountAsync(employee.Id), Is.EqualTo(3));
        Assert.That((await app.AuditOfAsync(employee.Id)).Last(a => a.Event == ReissueAuditEvents.Requested).Reason, Is.EqualTo(AuditReasons.LimitReached));
    }

    [Test]
    public async Task CompanyThatApprovesAutomatically_SendsNewCredentialsAtOnce_WhichLeadToTheConversion()
    {
        var first = await app.CreateEmployeeAsync(company: c => c.Policy.AutoApproveReissue = true);
        var representative = await app.CreateAdminAsync(HarmonyRoles.CompanyAdmin, first.CompanyId);
        var employee = await app.AddExpiredEmployeeAsync(first.CompanyId);

        var outcome = await app.SendReissueRequestAsync(employee);
        Assert.That(outcome, Does.StartWith("マイページを再発行しました").And.Contain("登録メールアドレスにお送りしました"));

        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);
        var converted = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(converted.Headers.Location!.ToString(), Does.StartWith("/account/first-sign-in"), "the new temporary credentials work");
        Assert.That(await Mailbox.ReadAsync(app, representative.Email), Is.Empty, "nothing for the representative to decide");
        var approved = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == ReissueAuditEvents.Approved);
        Assert.That(approved.Actor, Is.EqualTo(ReissueRequests.AutoApproveActor));
    }
}
