using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>The email second factor (PRODUCT §5, FAQ Q4), read from the pickup folder as a person would.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SecondFactorTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    private Task<TestEmployee> EmployeeWithSecondFactorAsync(CredentialKind kind = CredentialKind.Permanent) =>
        app.CreateEmployeeAsync(kind == CredentialKind.Temporary ? "Temp#Pass123" : "Correct#Horse1", kind: kind,
            company: c => c.Policy.SecondFactor = SecondFactorMode.Email);

    [TestCase("ja", "認証コードの入力")]
    [TestCase("en", "Enter your verification code")]
    public async Task Code_FromTheEmail_CompletesTheSignIn_AndTokensSayOtp(string language, string title)
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var login = await flow.SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = language });
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"));

        var page = await browser.GetAsync(login.Headers.Location);
        Assert.That((await page.ReadHtmlAsync()).Text("h1"), Is.EqualTo(title));
        var code = await LatestCodeAsync(employee.Email);

        var verified = await SubmitCodeAsync(browser, page, code);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(verified));
        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.That(idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Is.EquivalentTo(new[] { "pwd", "otp", "mfa" }));
    }

    [Test]
    public async Task NoSession_BeforeTheCode()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);

        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task FiveWrongCodes_VoidTheCode_AndSendThePersonBackToLogin_WithoutTouchingThePasswordCount()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var code = await LatestCodeAsync(employee.Email);
        var wrong = code == "000000" ? "111111" : "000000";

        HttpResponseMessage response = null!;
        for (var i = 1; i <= 5; i++)
        {
            response = await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), wrong);
            if (i < 5) Assert.That((await response.ReadHtmlAsync()).Text("#code-message"), Does.Contain("正しくありません"), $"wrong code {i}");
        }
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        var loginPage = await (await browser.GetAsync(response.Headers.Location)).ReadHtmlAsync();
        Assert.That(loginPage.Text("[role=alert] .alert-title"), Does.Contain("認証コードの入力を一定回数誤った"));

        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.AccessFailedCount, Is.Zero, "wrong codes are not wrong passwords");
        Assert.That(user.LockoutEnd, Is.Null);

        // Only the password opens a new challenge: a fresh code and five fresh attempts; the voided code is dead.
        var flow = new OidcFlow(browser);
        var again = await flow.SignInAsync(employee.LoginId, employee.Password);
        var fresh = await LatestCodeAsync(employee.Email);
        Assert.That(await CodeEmailCountAsync(employee.Email), Is.EqualTo(2), "the password step sent a new code");
        for (var i = 1; i <= 4; i++)
        {
            var guess = i == 1 && code != fresh ? code : fresh == "000000" ? "111111" : "000000";
            var miss = await SubmitCodeAsync(browser, await browser.GetAsync(again.Headers.Location), guess);
            Assert.That(miss.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"attempt {i} of the new challenge is still allowed");
        }
        var accepted = await SubmitCodeAsync(browser, await browser.GetAsync(again.Headers.Location), fresh);
        Assert.That(await flow.FollowToCodeAsync(accepted), Is.Not.Empty);
        Assert.That((await app.ReadUserAsync(employee.Id)).SecondFactorFailedCount, Is.Zero, "success resets the count");
    }

    [Test]
    public async Task ASavedPendingCookie_OpensNothing_AfterFiveWrongCodes()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var saved = CodePage.PendingCookies(login);
        Assert.That(saved, Is.Not.Empty, "the password step set the pending cookie");
        var code = await LatestCodeAsync(employee.Email);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++) await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), wrong);

        // Someone who kept a copy of the cookie replays it after the browser dropped it.
        var attacker = CodePage.Replaying(app, saved);
        var page = await attacker.GetAsync("/account/verify-code");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the code page is closed to the saved cookie");
        Assert.That(page.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));

        app.Time.Advance(TimeSpan.FromMinutes(2));
        attacker = CodePage.Replaying(app, saved);
        var loginPage = await attacker.GetAsync("/account/login");
        var form = await loginPage.ReadHtmlAsync();
        var resend = await attacker.SubmitFormAsync(form, new Uri("http://localhost/account/verify-code?handler=Resend"), new Dictionary<string, string>());
        Assert.That(resend.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "no resend for the saved cookie");
        var guess = await attacker.SubmitFormAsync(form, new Uri("http://localhost/account/verify-code"), new Dictionary<string, string> { ["Code"] = code });
        Assert.That(guess.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "no guess for the saved cookie");
        Assert.That(await CodeEmailCountAsync(employee.Email), Is.EqualTo(1), "no new code was sent");
    }

    [Test]
    public async Task AParallelBurstOfGuesses_GetsNoMoreThanFiveTries()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var page = await (await browser.GetAsync(login.Headers.Location)).ReadHtmlAsync();
        var pageUri = new Uri("http://localhost" + login.Headers.Location);

        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => browser.SubmitFormAsync(page, pageUri,
            new Dictionary<string, string> { ["Code"] = (100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "form[method=post]:not(.secondary-form)")));

        var compared = (await app.AuditOfAsync(employee.Id)).Count(a => a.Event == "SecondFactorFailed" && a.Reason != "CodeExhausted");
        var accepted = guesses.Count(g => g.Headers.Location?.PathOnly() is { } path && path != "/account/login");
        Assert.That(compared + accepted, Is.LessThanOrEqualTo(5), "each compared code was counted first");
        Assert.That((await browser.GetAsync(login.Headers.Location)).Headers.Location?.PathOnly(), Is.EqualTo("/account/login"));
    }

    [Test]
    public async Task ANewCode_DoesNotResetTheWrongCodeCount()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var codePage = login.Headers.Location!;
        for (var i = 0; i < 3; i++) await SubmitCodeAsync(browser, await browser.GetAsync(codePage), "999999x");

        app.Time.Advance(TimeSpan.FromSeconds(61));
        var resent = await ResendAsync(browser, await browser.GetAsync(codePage));
        Assert.That((await resent.ReadHtmlAsync()).Text("[role=status]"), Does.Contain("新しい認証コードを送信しました"));

        await SubmitCodeAsync(browser, await browser.GetAsync(codePage), "999999x");
        var fifth = await SubmitCodeAsync(browser, await browser.GetAsync(codePage), "999999x");
        Assert.That(fifth.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "3 + 2 wrong codes are five");
    }

    [Test]
    public async Task Resend_WaitsSixtySeconds_ThenReplacesTheOldCode()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var first = await LatestCodeAsync(employee.Email);

        var tooSoon = await ResendAsync(browser, await browser.GetAsync(login.Headers.Location));
        Assert.That((await tooSoon.ReadHtmlAsync()).Text("#code-message"), Does.Contain("秒後から"));
        Assert.That(await CodeEmailCountAsync(employee.Email), Is.EqualTo(1), "no second email before 60 s");

        app.Time.Advance(TimeSpan.FromSeconds(60));
        await ResendAsync(browser, await browser.GetAsync(login.Headers.Location));
        var second = await LatestCodeAsync(employee.Email);
        Assert.That(await CodeEmailCountAsync(employee.Email), Is.EqualTo(2));
        // Two random six-digit codes agree once in a million runs: then this line fails, and a rerun passes.
        Assert.That(second, Is.Not.EqualTo(first), "the resent code is a new one");

        var old = await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), first);
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the replaced code is refused: the code page again");
        var done = await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), second);
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Code_ExpiresAfterTenMinutes()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var code = await LatestCodeAsync(employee.Email);

        app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), code);
        Assert.That((await response.ReadHtmlAsync()).Text("#code-message"), Does.Contain("有効期限が切れています"));
    }

    [Test]
    public async Task RememberThisBrowser_SkipsTheCodeNextTime_UntilThePasswordChanges()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        var page = await browser.GetAsync(login.Headers.Location);
        var verified = await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Code"] = await LatestCodeAsync(employee.Email), ["RememberBrowser"] = "true" });
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var flow = new OidcFlow(browser);
        var next = await flow.SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["prompt"] = "login" });
        Assert.That(await flow.FollowToCodeAsync(next), Is.Not.Empty, "no code asked on a remembered browser");

        var otherBrowser = app.CreateBrowser();
        var elsewhere = await new OidcFlow(otherBrowser).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(elsewhere.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "only that browser is remembered");

        await ResetPasswordAsync(employee, "Changed#Pass2026");
        var afterChange = await new OidcFlow(browser).SignInAsync(employee.LoginId, "Changed#Pass2026", new Dictionary<string, string> { ["prompt"] = "login" });
        Assert.That(afterChange.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"), "a new password forgets the remembered browser");
    }

    /// <summary>Changes the password the way the employee does (FAQ Q5): the forgotten-password page and its emailed link.</summary>
    private async Task ResetPasswordAsync(TestEmployee employee, string newPassword)
    {
        var browser = app.CreateBrowser();
        var form = await browser.GetAsync("/account/forgot-password");
        await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!, new Dictionary<string, string> { ["LoginId"] = employee.LoginId });
        await Mailbox.DeliverAsync(app);
        var link = (await Mailbox.ReadAsync(app, employee.Email)).SelectMany(m => m.Links()).Last(l => l.AbsolutePath == "/account/reset-password");
        var page = await browser.GetAsync(link.PathAndQuery);
        var saved = await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Password"] = newPassword, ["PasswordConfirmation"] = newPassword });
        Assert.That((await saved.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null, "the new password is saved");
    }

    [Test]
    public async Task TemporaryCredentials_PassTheCode_ThenTheConversion()
    {
        var employee = await EmployeeWithSecondFactorAsync(CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(login.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"));

        var conversionBeforeCode = await browser.GetAsync("/account/first-sign-in");
        Assert.That(conversionBeforeCode.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "the code comes first");

        var verified = await SubmitCodeAsync(browser, await browser.GetAsync(login.Headers.Location), await LatestCodeAsync(employee.Email));
        Assert.That(verified.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
    }

    [Test]
    public async Task RestrictedAddress_ToldToContactTheRepresentative_AndNoCodeIsSent()
    {
        var employee = await EmployeeWithSecondFactorAsync();
        await app.RestrictAddressAsync(employee.Email);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = "en" });
        var page = await (await browser.GetAsync(login.Headers.Location)).ReadHtmlAsync();

        Assert.That(page.Text("[role=alert]"), Does.Contain("company representative"));
        Assert.That(page.Body!.TextContent, Does.Not.Contain(employee.Email), "the address is never shown");
        Assert.That(page.QuerySelector("input#code"), Is.Null);
        Assert.That(await CodeEmailCountAsync(employee.Email), Is.Zero);
    }

    private Task<string> LatestCodeAsync(string address) => CodePage.LatestCodeAsync(app, address);

    private Task<int> CodeEmailCountAsync(string address) => CodePage.CodeEmailCountAsync(app, address);

    private static Task<HttpResponseMessage> SubmitCodeAsync(HttpClient browser, HttpResponseMessage page, string code) =>
        CodePage.SubmitCodeAsync(browser, page, code);

    private static Task<HttpResponseMessage> ResendAsync(HttpClient browser, HttpResponseMessage page) => CodePage.ResendAsync(browser, page);
}
