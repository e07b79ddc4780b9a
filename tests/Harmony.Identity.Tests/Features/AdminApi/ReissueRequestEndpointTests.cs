using Harmony.Identity.Tests.Features.SignIn.Reissue;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>
/// Reissue requests through the admin API (decision 0028): listed for the company's representatives and operators,
/// approved once (the reissue resume does, with its instruction email), declined with a reason, and refused with a 409
/// when decided already or when the employee's credentials are no longer expired.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class ReissueRequestEndpointTests(TestDatabase database) : AppFixture(database)
{
    private AdminApiClient support = null!;

    [OneTimeSetUp]
    public async Task CreateCallersAsync() => support = new AdminApiClient(app, await AdminTokens.OperatorClientAsync(app));

    private Task<(Guid CompanyId, TestEmployee Representative, AdminApiClient Client)> CompanyAsync() => app.CompanyWithRepresentativeAsync();

    private async Task<(TestEmployee Employee, ReissueRequestView Request)> RequestAsync(Guid companyId, string displayName = "期限 切子")
    {
        var employee = await app.AddExpiredEmployeeAsync(companyId, displayName);
        await app.SendReissueRequestAsync(employee);
        return (employee, await ReissueRequestTestData.PendingRequestOfAsync(support, employee));
    }

    private static string Approve(ReissueRequestView request) => ReissueRequestApi.ApprovePath(request.Id).TrimStart('/');

    private static string Decline(ReissueRequestView request) => ReissueRequestApi.DeclinePath(request.Id).TrimStart('/');

    [Test]
    public async Task List_ShowsTheCompanysPendingRequests_OldestFirst_ToItsRepresentative_AndNotAnotherCompanys()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (first, _) = await RequestAsync(companyId, "一番 目");
        var (second, _) = await RequestAsync(companyId, "二番 目");
        var (otherCompany, _, _) = await CompanyAsync();
        await RequestAsync(otherCompany);

        var list = await admin.GetAsync<List<ReissueRequestView>>("reissue-requests");

        Assert.That(list.Select(r => (r.EmployeeId, r.DisplayName, r.State, r.MayApprove)), Is.EqualTo(new[]
        {
            (first.Id, "一番 目", ReissueRequestApi.Pending, true),
            (second.Id, "二番 目", ReissueRequestApi.Pending, true),
        }));
        Assert.That(list[0].LoginId, Is.EqualTo(first.LoginId));
        var forOperator = await support.GetAsync<List<ReissueRequestView>>($"reissue-requests?companyId={companyId}");
        Assert.That(forOperator.Select(r => r.EmployeeId), Is.EqualTo(new[] { first.Id, second.Id }));
        await Problem.ReadAsync(await admin.GetAsync($"reissue-requests?companyId={otherCompany}"), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Approve_IssuesNewCredentials_WhoseInstructionEmailLeadsToTheConversion_AndAuditsTheRepresentative()
    {
        var (companyId, representative, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);

        var answer = await admin.ReadAsync<ActionResult>(admin.PostAsync(Approve(request)));

        Assert.That(answer.Changed, Is.True);
        Assert.That(answer.Outcome, Does.Contain("承認しました"));
        var (loginId, password) = await AdminTestData.InstructionCredentialsAsync(app, employee.Email);
        var signIn = await new OidcFlow(app.CreateBrowser()).SignInAsync(loginId, password);
        Assert.That(signIn.Headers.Location!.ToString(), Does.StartWith("/account/first-sign-in"));
        var audit = await app.AuditOfAsync(employee.Id);
        var approved = audit.Single(a => a.Event == ReissueAuditEvents.Approved);
        Assert.That(approved.Actor, Is.EqualTo("admin:" + representative.Id));
        Assert.That(audit.Single(a => a.Event == AuditEvents.TemporaryCredentialsIssued && a.Reason == AuditReasons.Reissue).Actor,
            Is.EqualTo("admin:" + representative.Id), "the reissue every other path uses");
        var stored = await app.RequestAsync(request.Id);
        Assert.That((stored.State, stored.DecidedBy), Is.EqualTo((ReissueRequestState.Approved, "admin:" + representative.Id)));
        Assert.That(await admin.GetAsync<List<ReissueRequestView>>("reissue-requests"), Is.Empty, "no longer pending");
    }

    [Test]
    public async Task ApproveFiveTimesAtTheSameMoment_IssuesCredentialsOnce()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => (i % 2 == 0 ? admin : support).PostAsync(Approve(request))));

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Conflict), Is.EqualTo(4));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Count(a => a.Event == AuditEvents.TemporaryCredentialsIssued && a.Reason == AuditReasons.Reissue), Is.EqualTo(1));
        Assert.That(audit.Count(a => a.Event == ReissueAuditEvents.Approved), Is.EqualTo(1));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(1), "one instruction email");
    }

    [TestCase("ja", "【Harmony】マイページ再発行のご依頼について", "ご担当者により承認されませんでした")]
    [TestCase("en", "[Harmony] About your My Page reissue request", "was not approved by your company representative")]
    public async Task Declining_TellsTheEmployeeByEmailInTheirLanguage_WithoutTheAdminsReason(string language, string subject, string says)
    {
        var (companyId, representative, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);
        await app.ChangeUserAsync(employee.Id, u => u.Locale = language);
        await Mailbox.DeliverAsync(app);
        var before = (await Mailbox.ReadAsync(app, employee.Email)).Count;
        var representativeBefore = (await Mailbox.ReadAsync(app, representative.Email)).Count;

        await admin.ReadAsync<ActionResult>(admin.PostAsync(Decline(request), new DeclineReissueRequest("社内メモ: 退職予定")));
        await Mailbox.DeliverAsync(app);

        var mails = await Mailbox.ReadAsync(app, employee.Email);
        Assert.That(mails, Has.Count.EqualTo(before + 1), "one email to the employee");
        var mail = mails.Last();
        Assert.Multiple(() =>
        {
            Assert.That(mail.Subject, Is.EqualTo(subject));
            Assert.That(mail.TextBody, Does.Contain(says));
            Assert.That(mail.TextBody + mail.HtmlBody, Does.Not.Contain("退職予定"), "the decline's reason is an admin's note");
        });
        Assert.That(await Mailbox.ReadAsync(app, representative.Email), Has.Count.EqualTo(representativeBefore), "nothing more to the representative");
    }

    [Test]
    public async Task ACancelledRequest_SendsTheEmployeeNoDeclineEmail()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);
        // Reissued another way (the employee page's resume): the request closes as cancelled when someone presses Approve.
        await admin.ActAsync(employee.Id, "resume");
        await Problem.ReadAsync(await admin.PostAsync(Approve(request)), HttpStatusCode.Conflict);
        await Mailbox.DeliverAsync(app);

        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Select(m => m.Subject), Has.None.Contains("再発行のご依頼について"));
        Assert.That((await app.RequestAsync(request.Id)).State, Is.EqualTo(ReissueRequestState.Cancelled));
    }

    [TestCase("ja", "すでに承認・却下済み")]
    [TestCase("en", "already been approved or declined")]
    public async Task ApprovingADeclinedRequest_Is409_AndIssuesNothing(string language, string detail)
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);
        await admin.ReadAsync<ActionResult>(admin.PostAsync(Decline(request), new DeclineReissueRequest("本人確認ができません")));

        var problem = await Problem.ReadAsync(await admin.WithLanguage(language).PostAsync(Approve(request)), HttpStatusCode.Conflict);

        Assert.That(problem.Detail, Does.Contain(detail));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Any(a => a.Event == AuditEvents.TemporaryCredentialsIssued && a.Reason == AuditReasons.Reissue), Is.False);
        Assert.That(audit.Single(a => a.Event == ReissueAuditEvents.Declined).Details, Does.Contain("本人確認ができません"));
        Assert.That((await app.RequestAsync(request.Id)).DeclineReason, Is.EqualTo("本人確認ができません"));
        Assert.That(new AccountGate(null!, app.Time).IsTemporaryExpired(await app.ReadUserAsync(employee.Id)), Is.True, "still expired");
    }

    [Test]
    public async Task ApprovingAfterTheEmployeeWasReissuedOtherwise_Is409_AndClosesTheRequest()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);
        await admin.ActAsync(employee.Id, "resume");

        var problem = await Problem.ReadAsync(await admin.PostAsync(Approve(request)), HttpStatusCode.Conflict);

        Assert.That(problem.Detail, Does.Contain("有効期限切れではない"));
        Assert.That((await app.RequestAsync(request.Id)).State, Is.EqualTo(ReissueRequestState.Cancelled));
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == AuditEvents.TemporaryCredentialsIssued && a.Reason == AuditReasons.Reissue),
            Is.EqualTo(1), "only the resume's");
    }

    [Test]
    public async Task ApprovingAnotherCompanysRequest_Is404_AndChangesNothing()
    {
        var (companyId, _, _) = await CompanyAsync();
        var (_, _, attacker) = await CompanyAsync();
        var (employee, request) = await RequestAsync(companyId);

        var problem = await Problem.ReadAsync(await attacker.PostAsync(Approve(request)), HttpStatusCode.NotFound);
        await Problem.ReadAsync(await attacker.PostAsync(Decline(request), new DeclineReissueRequest(null)), HttpStatusCode.NotFound);

        Assert.That(problem.Detail, Does.Not.Contain(employee.LoginId));
        Assert.That((await app.RequestAsync(request.Id)).State, Is.EqualTo(ReissueRequestState.Pending));
        Assert.That((await app.ReadUserAsync(employee.Id)).UserName, Is.EqualTo(employee.LoginId));
    }

    [Test]
    public async Task ApprovingAnAdminAccountsRequest_IsForOperatorsOnly()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var employee = await app.AddExpiredEmployeeAsync(companyId);
        await app.GrantRoleAsync(employee.Id, HarmonyRoles.CompanyAdmin);
        await app.SendReissueRequestAsync(employee);
        var request = await ReissueRequestTestData.PendingRequestOfAsync(support, employee);

        Assert.That((await admin.GetAsync<List<ReissueRequestView>>("reissue-requests")).Single().MayApprove, Is.False);
        await Problem.ReadAsync(await admin.PostAsync(Approve(request)), HttpStatusCode.Forbidden);
        await support.ReadAsync<ActionResult>(support.PostAsync(Approve(request)));
        Assert.That((await app.RequestAsync(request.Id)).State, Is.EqualTo(ReissueRequestState.Approved));
    }

    [Test]
    public async Task DecliningWithATooLongReason_Is400_NamingTheLimit()
    {
        var (companyId, _, admin) = await CompanyAsync();
        var (_, request) = await RequestAsync(companyId);

        var problem = await Problem.ReadAsync(await admin.PostAsync(Decline(request), new DeclineReissueRequest(new string('あ', 501))),
            HttpStatusCode.BadRequest);

        Assert.That(problem.Errors!["Reason"].Single(), Is.EqualTo("却下の理由は500文字以内で入力してください。"));
        Assert.That((await app.RequestAsync(request.Id)).State, Is.EqualTo(ReissueRequestState.Pending));
    }

    [Test]
    public async Task CompanyPolicy_CarriesAutoApproveReissue_AndAnUpdateWithoutItKeepsIt()
    {
        var company = await support.ReadAsync<CompanyDetail>(support.PostAsync("companies",
            new CreateCompanyRequest("a" + Guid.NewGuid().ToString("N")[..10], "自動株式会社", "Auto Inc.", new CompanyPolicyDto(5, 24, 30, "Off", 30))),
            HttpStatusCode.Created);
        Assert.That(company.Policy.AutoApproveReissue, Is.False, "off by default");

        var on = await support.ReadAsync<CompanyDetail>(support.PutAsync($"companies/{company.Id}",
            new UpdateCompanyRequest(company.Code, company.NameJa, company.NameEn, company.Policy with { AutoApproveReissue = true }, false, [])));
        var kept = await support.ReadAsync<CompanyDetail>(support.PutAsync($"companies/{company.Id}",
            new UpdateCompanyRequest(company.Code, company.NameJa, company.NameEn, company.Policy with { AutoApproveReissue = null }, false, [])));

        Assert.That(on.Policy.AutoApproveReissue, Is.True);
        Assert.That(kept.Policy.AutoApproveReissue, Is.True, "a client that does not know the field leaves it as it is");
    }
}
