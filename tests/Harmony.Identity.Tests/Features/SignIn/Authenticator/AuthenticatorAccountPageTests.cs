using Harmony.Identity.Server.Features.SignIn;
using static Harmony.Identity.Tests.Features.SignIn.AuthenticatorPage;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// <c>/account/authenticator</c> (decision 0029): only with a session; set up, new recovery codes, remove (refused while
/// the company requires the app), each change audited and the added/removed ones told by email.
/// </summary>
public sealed class AuthenticatorAccountPageTests : AppFixture
{
    /// <summary>Codes are good once per time step: the tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    private const string PagePath = "/account/authenticator";

    /// <summary>A browser signed in (the password alone, policy <paramref name="mode"/> has no second factor to ask yet).</summary>
    private async Task<(TestEmployee Employee, HttpClient Browser)> SignedInAsync(SecondFactorMode mode = SecondFactorMode.Off)
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = mode);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty);
        return (employee, browser);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string form, Dictionary<string, string>? fields = null) =>
        await browser.SubmitFormAsync(await (await browser.GetAsync(PagePath)).ReadHtmlAsync(), new Uri("http://localhost" + PagePath),
            fields ?? new Dictionary<string, string>(), form);

    [Test]
    public async Task AnOlderSignIn_ChangesNothing_AndAsksToLogInAgain_ThenTheSetUpShows()
    {
        var (employee, browser) = await SignedInAsync();
        app.Time.Advance(TimeSpan.FromMinutes(11));

        var page = await (await browser.GetAsync(PagePath)).ReadHtmlAsync();
        Assert.That(page.Text("#setup-message"), Does.Contain("もう一度ログインしてください"));
        Assert.That(page.QuerySelector("img.qr-code"), Is.Null, "no key is handed out to an old session");
        var link = page.QuerySelector("a#sign-in-again")!.GetAttribute("href")!;
        Assert.That(Uri.UnescapeDataString(link), Does.Contain("ReturnUrl=/account/authenticator"));

        var login = await browser.GetAsync(link);
        var signedIn = await browser.SubmitFormAsync(await login.ReadHtmlAsync(), login.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Input.LoginId"] = employee.LoginId, ["Input.Password"] = employee.Password });
        Assert.That(signedIn.Headers.Location?.OriginalString, Is.EqualTo(PagePath), "the link's login comes back here");
        var fresh = await (await browser.GetAsync(PagePath)).ReadHtmlAsync();
        Assert.That(fresh.QuerySelector("img.qr-code"), Is.Not.Null, "a fresh sign-in gets the set-up");
    }

    [Test]
    public async Task AnOlderSignIn_PostingTheFormsOfAPageOpenedInTime_ChangesNothing()
    {
        var (employee, browser) = await SignedInAsync();
        var enrolled = await EnrolAsync(app, browser, await browser.GetAsync(PagePath));
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            (await db.Companies.SingleAsync(c => c.Id == employee.CompanyId)).Policy.SecondFactor = SecondFactorMode.EmployeeChoice;
            return await db.SaveChangesAsync();
        });
        var page = await (await browser.GetAsync(PagePath)).ReadHtmlAsync();
        var setup = await (await browser.GetAsync(PagePath + "?replace=true")).ReadHtmlAsync();
        var auditBefore = (await app.AuditOfAsync(employee.Id)).Count;

        app.Time.Advance(TimeSpan.FromMinutes(11));
        var uri = new Uri("http://localhost" + PagePath);
        // A replacement confirmed without the set-up's token: nothing shows it was begun in time.
        setup.QuerySelector("#setup-form input[name=Token]")!.Remove();
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["choose"] = await browser.SubmitFormAsync(page, uri, new Dictionary<string, string> { ["choice"] = "Email" }, "#choice-form"),
            ["regenerate"] = await browser.SubmitFormAsync(page, uri, new Dictionary<string, string>(), "#regenerate-form"),
            ["remove"] = await browser.SubmitFormAsync(page, uri, new Dictionary<string, string>(), "#remove-form"),
            ["confirm"] = await browser.SubmitFormAsync(setup, uri,
                new Dictionary<string, string> { ["Code"] = TestTotp.Code(ManualKey(setup), app.Time.GetUtcNow()) }, "#setup-form"),
        };

        foreach (var (form, answer) in answers)
        {
            Assert.That((await answer.ReadHtmlAsync()).Text("#setup-message"), Does.Contain("もう一度ログインしてください"), form);
        }
        var account = await app.ReadUserAsync(employee.Id);
        var status = await app.WithServicesAsync(s => s.GetRequiredService<Authenticators>().StatusAsync(employee.Id));
        Assert.Multiple(async () =>
        {
            Assert.That(account.SecondFactorChoice, Is.EqualTo(SecondFactorChoice.Authenticator), "the choice stays");
            Assert.That(status, Is.Not.Null, "the app stays");
            Assert.That(status!.RecoveryCodesLeft, Is.EqualTo(enrolled.RecoveryCodes.Count), "the codes stay");
            Assert.That((await app.AuditOfAsync(employee.Id)).Count, Is.EqualTo(auditBefore), "nothing happened to audit");
        });
        var verify = await app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<HarmonyDbContext>().Users.SingleAsync(u => u.Id == employee.Id);
            return await services.GetRequiredService<Authenticators>().VerifyCodeAsync(user, NextCode(app, enrolled.Key));
        });
        Assert.That(verify, Is.True, "the first app still signs in: the replacement was not bound");
    }

    [Test]
    public async Task ASetUpBegunInTime_IsConfirmedAfterTheWindow_WithinFiveMinutesMore_NotLater()
    {
        var (_, browser) = await SignedInAsync();
        app.Time.Advance(TimeSpan.FromMinutes(9));
        var setup = await browser.GetAsync(PagePath);
        app.Time.Advance(TimeSpan.FromMinutes(5));

        var enrolled = await EnrolAsync(app, browser, setup);
        Assert.That(enrolled.Html.Text("#setup-message"), Is.EqualTo("認証アプリを登録しました。"), "begun at minute 9, confirmed at 14");
        Assert.That(enrolled.RecoveryCodes, Has.Count.EqualTo(10));

        var (late, lateBrowser) = await SignedInAsync();
        app.Time.Advance(TimeSpan.FromMinutes(9));
        var lateSetup = await lateBrowser.GetAsync(PagePath);
        app.Time.Advance(TimeSpan.FromMinutes(7));
        var refused = await EnrolAsync(app, lateBrowser, lateSetup);
        Assert.That(refused.Html.Text("#setup-message"), Does.Contain("もう一度ログインしてください"),
            "at minute 16 the sign-in is too old, though the set-up's own 15 minutes are not over");
        Assert.That(refused.Html.QuerySelector("#manual-key"), Is.Null, "and no key is shown again");
        Assert.That(await app.WithServicesAsync(s => s.GetRequiredService<Authenticators>().IsEnrolledAsync(late.Id)), Is.False);
    }

    [Test]
    public async Task WithoutASession_ThePageSendsToTheLoginPage_WithALocalReturnUrl()
    {
        var response = await app.CreateBrowser().GetAsync(PagePath);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That(Uri.UnescapeDataString(response.Headers.Location!.OriginalString), Does.Contain("ReturnUrl=/account/authenticator"));
    }

    [Test]
    public async Task SettingUp_ShowsTheQrCodeAndKey_ThenTenCodesOnce_AndMailsTheNotice()
    {
        var (employee, browser) = await SignedInAsync();
        var setup = await browser.GetAsync(PagePath);
        Assert.That(setup.StatusCode, Is.EqualTo(HttpStatusCode.OK), setup.Headers.Location?.ToString());
        var html = await setup.ReadHtmlAsync();
        Assert.That(html.Text("#authenticator-status"), Is.EqualTo("認証アプリは登録されていません。"));
        Assert.That(html.QuerySelector("img.qr-code")?.GetAttribute("src"), Does.StartWith("data:image/png;base64,"), "the QR code is drawn by the server");
        Assert.That(html.Text("#manual-key"), Does.Match("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"), "the key in groups of four");
        Assert.That(html.QuerySelector("a[href='/account']"), Is.Not.Null, "the page links back to My account");

        var enrolled = await EnrolAsync(app, browser, setup);
        Assert.That(enrolled.RecoveryCodes, Has.Count.EqualTo(10));
        Assert.That(enrolled.Html.Text("#authenticator-status"), Does.Contain("登録済み").And.Contain("10"));
        Assert.That(enrolled.Html.QuerySelector("a[download]"), Is.Not.Null, "the codes can be saved as a file");
        var again = await (await browser.GetAsync(PagePath)).ReadHtmlAsync();
        Assert.That(RecoveryCodes(again), Is.Empty, "the codes are shown once");
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Single().Subject, Does.Contain("認証アプリが登録されました"));
    }

    [Test]
    public async Task NewRecoveryCodes_VoidTheOldOnes()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Off);
        var (signedIn, browser) = (employee, app.CreateBrowser());
        var flow = new OidcFlow(browser);
        await flow.FollowToCodeAsync(await flow.SignInAsync(signedIn.LoginId, signedIn.Password));
        var enrolled = await EnrolAsync(app, browser, await browser.GetAsync(PagePath));

        var regenerated = await PostAsync(browser, "#regenerate-form");
        var fresh = RecoveryCodes(await regenerated.ReadHtmlAsync());
        Assert.That(fresh, Has.Count.EqualTo(10));
        Assert.That(fresh, Has.None.AnyOf(enrolled.RecoveryCodes.ToArray()));

        var redeem = (string code) => app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<HarmonyDbContext>().Users.SingleAsync(u => u.Id == employee.Id);
            return await services.GetRequiredService<Authenticators>().RedeemRecoveryCodeAsync(user, code);
        });
        Assert.That(await redeem(enrolled.RecoveryCodes[0]), Is.False, "an old code is void");
        Assert.That(await redeem(fresh[0]), Is.True);
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain(AuthenticatorAuditEvents.RecoveryCodesRegenerated));
    }

    [Test]
    public async Task Removing_IsRefused_WhileTheCompanyRequiresTheApp()
    {
        var (employee, browser) = await SignedInAsync();
        await EnrolAsync(app, browser, await browser.GetAsync(PagePath));
        await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var company = await db.Companies.SingleAsync(c => c.Id == employee.CompanyId);
            company.Policy.SecondFactor = SecondFactorMode.Authenticator;
            return await db.SaveChangesAsync();
        });

        var page = await (await browser.GetAsync(PagePath)).ReadHtmlAsync();
        Assert.That(page.QuerySelector("#remove-form"), Is.Null, "no remove button under the policy Authenticator");
        Assert.That(page.QuerySelector("#replace"), Is.Not.Null, "replacing is offered instead");
        // A form posted anyway (an old page, a crafted request) is refused by the server too.
        var antiforgery = page.QuerySelectorAll("#regenerate-form input[type=hidden]")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        var forced = await browser.PostAsync(PagePath + "?handler=Remove", new FormUrlEncodedContent(antiforgery));
        Assert.That((await forced.ReadHtmlAsync()).Text("#setup-message"), Does.Contain("登録の解除はできません"));
        Assert.That(await app.WithServicesAsync(s => s.GetRequiredService<Authenticators>().IsEnrolledAsync(employee.Id)), Is.True);
    }

    [Test]
    public async Task Removing_DeletesTheAppAndItsCodes_AuditsAndMails()
    {
        var (employee, browser) = await SignedInAsync();
        await EnrolAsync(app, browser, await browser.GetAsync(PagePath));

        var removed = await PostAsync(browser, "#remove-form");
        var html = await removed.ReadHtmlAsync();
        Assert.That(html.Text("#setup-message"), Is.EqualTo("認証アプリの登録を解除しました。"));
        Assert.That(html.Text("#authenticator-status"), Is.EqualTo("認証アプリは登録されていません。"));
        Assert.That(await app.WithServicesAsync(s => s.GetRequiredService<HarmonyDbContext>().Set<AuthenticatorRecoveryCode>().CountAsync(c => c.UserId == employee.Id)), Is.Zero);
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain(AuthenticatorAuditEvents.Removed));
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Last().Subject, Does.Contain("認証アプリの登録が解除されました"));
    }

    [Test]
    public async Task Replacing_BindsTheNewKey_AndTheOldAppStopsWorking()
    {
        var (employee, browser) = await SignedInAsync();
        var first = await EnrolAsync(app, browser, await browser.GetAsync(PagePath));
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await EnrolAsync(app, browser, await browser.GetAsync(PagePath + "?replace=true"));
        Assert.That(second.Key, Is.Not.EqualTo(first.Key));

        var verify = (string key) => app.WithServicesAsync(async services =>
        {
            var user = await services.GetRequiredService<HarmonyDbContext>().Users.SingleAsync(u => u.Id == employee.Id);
            return await services.GetRequiredService<Authenticators>().VerifyCodeAsync(user, NextCode(app, key));
        });
        Assert.That(await verify(first.Key), Is.False, "the old app's code");
        Assert.That(await verify(second.Key), Is.True, "the new app's code");
    }
}
