using Harmony.Identity.Server.Features.SignIn;
using static Harmony.Identity.Tests.Features.SignIn.AuthenticatorPage;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>
/// The authenticator app as the second factor (decision 0029), over HTTP as a browser walks it: the enrolment during the
/// first sign-in (after an email code when the address can receive one), the code page, recovery codes, no replay,
/// wrong codes counted like email codes, and the <c>amr</c> of the ID token.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class AuthenticatorSignInTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>A code is good once per 30-second step: the tests move the clock between sign-ins.</summary>
    protected override string Group => ServerGroups.MovesClock;

    private Task<TestEmployee> EmployeeAsync(SecondFactorMode mode = SecondFactorMode.Authenticator, CredentialKind kind = CredentialKind.Permanent) =>
        app.CreateEmployeeAsync(kind == CredentialKind.Temporary ? "Temp#Pass123" : "Correct#Horse1", kind: kind,
            company: c => c.Policy.SecondFactor = mode);

    /// <summary>The first sign-in under the policy Authenticator: password, email code, enrolment, then the app's session.</summary>
    private async Task<(Enrolled Enrolled, TokenResponse Tokens, OidcFlow Flow)> FirstSignInAsync(TestEmployee employee, HttpClient browser)
    {
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password);
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "the mailbox is proved before an authenticator is bound");
        var codePage = await browser.GetAsync(login.Headers.Location);
        var verified = await CodePage.SubmitCodeAsync(browser, codePage, await CodePage.LatestCodeAsync(app, employee.Email));
        Assert.That(verified.Headers.Location!.PathOnly(), Is.EqualTo("/account/enrol-authenticator"));

        var enrolled = await EnrolAsync(app, browser, await browser.GetAsync(verified.Headers.Location));
        Assert.That(enrolled.RecoveryCodes, Has.Count.EqualTo(10).And.Unique);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await ContinueAsync(browser, enrolled)));
        return (enrolled, tokens, flow);
    }

    private async Task<(HttpClient Browser, OidcFlow Flow, HttpResponseMessage Page)> ToTheCodePageAsync(TestEmployee employee, bool recovery = false)
    {
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password);
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/authenticator-code"));
        var location = login.Headers.Location!.ToString() + (recovery ? "&recovery=true" : "");
        return (browser, flow, await browser.GetAsync(location));
    }

    private async Task<IReadOnlyList<string>> AmrAsync(OidcFlow flow, TokenResponse tokens) =>
        (await flow.ValidateIdTokenAsync(tokens.IdToken!)).Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();

    [Test]
    public async Task FirstSignIn_AsksTheEmailCode_ThenEnrols_AndTheIdTokenSaysPwdOtpMfa()
    {
        var employee = await EmployeeAsync();
        var (enrolled, tokens, flow) = await FirstSignInAsync(employee, app.CreateBrowser());

        Assert.That(await AmrAsync(flow, tokens), Is.EquivalentTo(new[] { "pwd", "otp", "mfa" }));
        Assert.That(enrolled.Key, Has.Length.EqualTo(32), "a 160-bit key in Base32");
        Assert.That(enrolled.Setup.Text("#issuer"), Is.EqualTo("Harmony"));
        Assert.That(enrolled.Setup.Text("#account"), Is.EqualTo(employee.LoginId));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Select(a => a.Event), Does.Contain(AuthenticatorAuditEvents.Added));
        Assert.That(audit.Any(a => (a.Details ?? "").Contains(enrolled.Key, StringComparison.OrdinalIgnoreCase)), Is.False, "the key is never written to the audit");
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Last().Subject, Does.Contain("認証アプリが登録されました"));
    }

    [Test]
    public async Task TheKey_IsStoredProtected_NotAsTheBase32ThePersonTyped()
    {
        var employee = await EmployeeAsync();
        var (enrolled, _, _) = await FirstSignInAsync(employee, app.CreateBrowser());
        var stored = await app.WithServicesAsync(services =>
            services.GetRequiredService<HarmonyDbContext>().Set<UserAuthenticator>().AsNoTracking().SingleAsync(a => a.UserId == employee.Id));
        Assert.That(stored.ProtectedKey, Does.Not.Contain(enrolled.Key));
        var hashes = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Set<AuthenticatorRecoveryCode>()
            .Where(c => c.UserId == employee.Id).Select(c => c.CodeHash).ToListAsync());
        Assert.That(hashes, Has.Count.EqualTo(10));
        Assert.That(hashes.Any(h => enrolled.RecoveryCodes.Any(code => h.Contains(code.Replace("-", ""), StringComparison.OrdinalIgnoreCase))), Is.False);
    }

    [Test]
    public async Task NextSignIn_AsksTheAppCode_AndAComputedCodeOpensTheSession()
    {
        var employee = await EmployeeAsync();
        var (enrolled, _, _) = await FirstSignInAsync(employee, app.CreateBrowser());

        var code = NextCode(app, enrolled.Key);
        var (browser, flow, page) = await ToTheCodePageAsync(employee);
        Assert.That((await page.ReadHtmlAsync()).Text("h1"), Is.EqualTo("認証アプリのコードの入力"));
        Assert.That((await page.ReadHtmlAsync()).QuerySelector("#use-recovery"), Is.Not.Null, "the page offers a recovery code instead");
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await SubmitCodeAsync(browser, page, code)));
        Assert.That(await AmrAsync(flow, tokens), Is.EquivalentTo(new[] { "pwd", "otp", "mfa" }));
        Assert.That(await CodePage.CodeEmailCountAsync(app, employee.Email), Is.EqualTo(2), "no email code was sent this time (the first code and the added notice only)");
    }

    [Test]
    public async Task TheSameCode_IsAcceptedOnce_AndNotAgainInItsTimeStep()
    {
        var employee = await EmployeeAsync();
        var (enrolled, _, _) = await FirstSignInAsync(employee, app.CreateBrowser());
        var code = NextCode(app, enrolled.Key);

        var (browser, flow, page) = await ToTheCodePageAsync(employee);
        Assert.That(await flow.FollowToCodeAsync(await SubmitCodeAsync(browser, page, code)), Is.Not.Empty);

        var (other, _, otherPage) = await ToTheCodePageAsync(employee);
        var replay = await SubmitCodeAsync(other, otherPage, code);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the replayed code is refused on the page");
        Assert.That((await replay.ReadHtmlAsync()).Text("#code-message"), Does.Contain("同じコードは1回しか使えません"));

        var next = await SubmitCodeAsync(other, otherPage, NextCode(app, enrolled.Key));
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the next step's code is accepted");
        Assert.That(next.Headers.Location!.PathOnly(), Is.Not.EqualTo("/account/login"));
    }

    [Test]
    public async Task ARecoveryCode_SignsInOnce_AndOnlyOnce()
    {
        var employee = await EmployeeAsync();
        var (enrolled, _, _) = await FirstSignInAsync(employee, app.CreateBrowser());
        var recovery = enrolled.RecoveryCodes[3];

        var (browser, flow, page) = await ToTheCodePageAsync(employee, recovery: true);
        Assert.That((await page.ReadHtmlAsync()).Text("h1"), Is.EqualTo("リカバリーコードの入力"));
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await SubmitCodeAsync(browser, page, recovery.ToUpperInvariant())));
        Assert.That(await AmrAsync(flow, tokens), Is.EquivalentTo(new[] { "pwd", "otp", "mfa" }));

        var (again, _, againPage) = await ToTheCodePageAsync(employee, recovery: true);
        var reused = await SubmitCodeAsync(again, againPage, recovery);
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await reused.ReadHtmlAsync()).Text("#code-message"), Does.Contain("すでに使用されています"));
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == AuthenticatorAuditEvents.RecoveryCodeUsed), Is.EqualTo(1));
    }

    [Test]
    public async Task FiveWrongAppCodes_VoidTheChallenge_AsFiveWrongEmailCodesDo()
    {
        var employee = await EmployeeAsync();
        var (enrolled, _, _) = await FirstSignInAsync(employee, app.CreateBrowser());
        var right = NextCode(app, enrolled.Key);
        var wrong = right == "000000" ? "111111" : "000000";

        var (browser, _, page) = await ToTheCodePageAsync(employee);
        HttpResponseMessage answer = null!;
        for (var i = 1; i <= 5; i++)
        {
            answer = await SubmitCodeAsync(browser, page, wrong);
            if (i < 5) Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"wrong code {i}");
        }
        Assert.That(answer.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That(answer.Headers.Location!.ToString(), Does.Contain("notice="), "the login page says why");
        var late = await SubmitCodeAsync(browser, page, right);
        Assert.That(late.Headers.Location?.PathOnly(), Is.EqualTo("/account/login"), "the voided challenge takes no sixth guess, even a right one");
        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.SecondFactorFailedCount, Is.EqualTo(5));
        Assert.That(user.AccessFailedCount, Is.Zero, "wrong codes are not wrong passwords");
    }

    [Test]
    public async Task RestrictedAddress_EnrolsRightAfterThePassword_AndClaimsNoSecondFactor()
    {
        var employee = await EmployeeAsync();
        await app.RestrictAddressAsync(employee.Email);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password);
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/enrol-authenticator"), "no email code can be sent, so none is asked");

        var enrolled = await EnrolAsync(app, browser, await browser.GetAsync(login.Headers.Location));
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await ContinueAsync(browser, enrolled)));
        Assert.That(await AmrAsync(flow, tokens), Is.EquivalentTo(new[] { "pwd" }), "an authenticator bound a moment ago proves nothing more than the password");
    }

    [Test]
    public async Task NoSession_BeforeTheEnrolmentIsConfirmed()
    {
        var employee = await EmployeeAsync();
        await app.RestrictAddressAsync(employee.Email);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var setup = await browser.GetAsync(login.Headers.Location);
        var wrong = await browser.SubmitFormAsync(await setup.ReadHtmlAsync(), setup.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Code"] = "12345" }, "#setup-form");
        Assert.That((await wrong.ReadHtmlAsync()).Text("#setup-message"), Does.Contain("コードが正しくありません"));

        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That(await app.WithServicesAsync(s => s.GetRequiredService<Authenticators>().IsEnrolledAsync(employee.Id)), Is.False);
    }

    [Test]
    public async Task TemporaryCredentials_EnrolBeforeTheConversion()
    {
        var employee = await EmployeeAsync(kind: CredentialKind.Temporary);
        await app.RestrictAddressAsync(employee.Email);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var enrolled = await EnrolAsync(app, browser, await browser.GetAsync(login.Headers.Location));
        var next = await ContinueAsync(browser, enrolled);
        Assert.That(next.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
    }

    [Test]
    public async Task EmployeeChoice_UsesTheEmailCode_UntilTheEmployeeChoosesTheApp()
    {
        var employee = await EmployeeAsync(SecondFactorMode.EmployeeChoice);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password);
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "the email code is the default");
        var verified = await CodePage.SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), await CodePage.LatestCodeAsync(app, employee.Email));
        Assert.That(await flow.FollowToCodeAsync(verified), Is.Not.Empty, "no enrolment is forced under EmployeeChoice");

        var setup = await browser.GetAsync("/account/authenticator");
        var enrolled = await EnrolAsync(app, browser, setup);
        Assert.That(enrolled.RecoveryCodes, Has.Count.EqualTo(10));
        Assert.That((await app.ReadUserAsync(employee.Id)).SecondFactorChoice, Is.EqualTo(SecondFactorChoice.Authenticator), "setting it up chooses it");

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(second.Headers.Location!.PathOnly(), Is.EqualTo("/account/authenticator-code"));

        var page = await (await browser.GetAsync("/account/authenticator")).ReadHtmlAsync();
        var chosen = await browser.SubmitFormAsync(page, new Uri("http://localhost/account/authenticator"),
            new Dictionary<string, string> { ["choice"] = "Email" }, "#choice-form");
        Assert.That((await chosen.ReadHtmlAsync()).Text("#setup-message"), Does.Contain("保存しました"));
        var third = await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(third.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "back to the email code");
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == AuthenticatorAuditEvents.ChoiceChanged), Is.EqualTo(1));
    }
}
