using Harmony.Identity.Tests.Features.AdminApi;
using Harmony.Identity.Tests.Features.SignIn.Reissue;

namespace Harmony.Identity.Tests.Admin.Features.Reissue;

/// <summary>
/// Reissue requests on the admin site against the real API (decision 0028): the dashboard lists them with one-click
/// Approve and Decline (POST, redirect, status line), the employee's page shows theirs, the company form carries the
/// automatic approval, and the representatives' email links to the configured admin site.
/// </summary>
[TestFixture]
public sealed class ReissuePagesTests : AdminSiteFixture
{
    /// <summary>The employee presses the button on the identity server's page, through its socket.</summary>
    private async Task SendRequestAsync(TestEmployee employee)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = hosts.ServerUrl,
        };
        await hosts.Server.SendReissueRequestAsync(employee, socketBrowser: browser);
    }

    [Test]
    public async Task Dashboard_ListsTheRequest_AndApproveInOneClickSendsTheInstructionEmail()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddExpiredEmployeeAsync(session.Admin.CompanyId, "期限 切子");
        await SendRequestAsync(employee);

        var home = await session.Browser.GetAsync("/");
        Assert.That(home.Text("#reissue-requests-title"), Is.EqualTo("再発行のご依頼(1件)"));
        Assert.That(home.Text($"#reissue-requests tr[data-employee='{employee.Id}']"), Does.Contain("期限 切子"));

        var after = await session.Browser.SubmitAsync(home, selector: "#reissue-requests form[action$='/approve']");

        Assert.That(after.Uri.AbsolutePath, Is.EqualTo("/"));
        Assert.That(after.Text("#status-message"), Does.Contain("再発行の依頼を承認しました"));
        Assert.That(after.Document.QuerySelector("#reissue-requests"), Is.Null, "nothing pending any more");
        var (loginId, _) = await AdminTestData.InstructionCredentialsAsync(hosts.Server, employee.Email);
        Assert.That(loginId, Does.StartWith("tmp_").And.Not.EqualTo(employee.LoginId));
    }

    [Test]
    public async Task RepresentativesEmail_LinksToTheConfiguredAdminSite_WhichAsksToSignIn()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddExpiredEmployeeAsync(session.Admin.CompanyId);
        await SendRequestAsync(employee);

        await Mailbox.DeliverAsync(hosts.Server);
        var mail = (await Mailbox.ReadAsync(hosts.Server, session.Admin.Email)).Single(m => m.Subject?.Contains("再発行") == true);
        var link = mail.Links().Single();

        Assert.That(link.GetLeftPart(UriPartial.Authority), Is.EqualTo(hosts.AdminUrl.GetLeftPart(UriPartial.Authority)));
        using var stranger = hosts.NewBrowser();
        var opened = await stranger.GetAsync(link.ToString());
        Assert.That(opened.Uri.AbsolutePath, Is.EqualTo("/account/login"), "the link only opens the site, which asks to sign in");
    }

    [Test]
    public async Task EmployeePage_ShowsThePendingRequest_AndDeclineWithAReasonComesBackThere()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddExpiredEmployeeAsync(session.Admin.CompanyId);
        await SendRequestAsync(employee);

        var page = await session.Browser.GetAsync($"/employees/{employee.Id}");
        Assert.That(page.Text("#reissue-requests-title"), Is.EqualTo("この従業員から再発行のご依頼が届いています"));

        var after = await session.Browser.SubmitAsync(page, new Dictionary<string, string> { ["reason"] = "退職済みのため" },
            "#reissue-requests form[action$='/decline']");

        Assert.That(after.Uri.AbsolutePath, Is.EqualTo($"/employees/{employee.Id}"));
        Assert.That(after.Text("#status-message"), Does.Contain("却下しました"));
        Assert.That(after.Document.QuerySelector("#reissue-requests"), Is.Null);
        var declined = (await hosts.Server.AuditOfAsync(employee.Id)).Single(a => a.Event == ReissueAuditEvents.Declined);
        Assert.That(declined.Actor, Is.EqualTo("admin:" + session.Admin.Id));
        Assert.That(declined.Details, Does.Contain("退職済みのため"));
    }

    [Test]
    public async Task ApprovingARequestDecidedMeanwhile_ShowsTheApisReason()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.CompanyAdmin);
        var employee = await hosts.Server.AddExpiredEmployeeAsync(session.Admin.CompanyId);
        await SendRequestAsync(employee);
        var home = await session.Browser.GetAsync("/");
        // Another representative declines first.
        await session.Browser.SubmitAsync(home, selector: "#reissue-requests form[action$='/decline']");

        var stale = await session.Browser.SubmitAsync(home, selector: "#reissue-requests form[action$='/approve']");

        Assert.That(stale.Text("#status-message"), Does.Contain("すでに承認・却下済み"));
    }

    [Test]
    public async Task Operator_TurnsOnAutomaticApproval_OnTheCompanyForm()
    {
        using var session = await hosts.SignInAsAsync(HarmonyRoles.Operator);
        var company = (await hosts.Server.CreateEmployeeAsync()).CompanyId;
        var edit = await session.Browser.GetAsync($"/companies/{company}/edit");
        Assert.That(edit.Document.QuerySelector("input[name='Input.Policy.AutoApproveReissue'][type=checkbox]")?.HasAttribute("checked"), Is.False);

        var saved = await session.Browser.SubmitAsync(edit, new Dictionary<string, string> { ["Input.Policy.AutoApproveReissue"] = "true" });

        Assert.That(saved.Text("#auto-approve-reissue"), Is.EqualTo("自動で承認する"));
        var stored = await hosts.Server.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Companies.AsNoTracking().Where(c => c.Id == company).Select(c => c.Policy.AutoApproveReissue).SingleAsync());
        Assert.That(stored, Is.True);
    }
}
