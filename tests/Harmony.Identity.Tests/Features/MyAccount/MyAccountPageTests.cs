using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.MyAccount;
using Harmony.Identity.Server.Features.SignIn;

namespace Harmony.Identity.Tests.Features.MyAccount;

/// <summary>Issue 13 item 5, decision 0031: the My account page over real HTTP, on every test database.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class MyAccountPageTests(TestDatabase database) : AppFixture(database)
{
    [Test]
    public async Task WithoutASession_ThePageSendsToTheLoginPage_WhichComesBackAfterSignIn()
    {
        var employee = await app.CreateEmployeeAsync();
        var anonymous = await app.CreateBrowser().GetAsync(MyAccountTestKit.Page);
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(anonymous.Headers.Location!.PathAndQueryOf(), Is.EqualTo("/account/login?ReturnUrl=%2Faccount"));

        var browser = await app.SignedInBrowserAsync(employee);
        var page = await browser.OpenAsync();
        Assert.That(page.Text("h1"), Is.EqualTo("アカウント設定"));
        Assert.That(page.Text(".intro"), Does.Contain(employee.LoginId));
        Assert.That(page.QuerySelector("#to-authenticator")!.GetAttribute("href"), Is.EqualTo("/account/authenticator"));
        Assert.That(page.QuerySelector("#to-passkeys")!.GetAttribute("href"), Is.EqualTo("/account/passkeys"));
        Assert.That(page.QuerySelectorAll("form[method=post]").All(f => f.QuerySelector("input[name=__RequestVerificationToken]") is not null),
            "every form carries the antiforgery token");
    }

    [TestCase("?handler=Password")]
    [TestCase("?handler=Language")]
    [TestCase("?handler=SignOutSession")]
    [TestCase("?handler=SignOutEverywhere")]
    public async Task EveryForm_PostedWithoutItsAntiforgeryToken_IsRefused_AndChangesNothing(string handler)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = await app.SignedInBrowserAsync(employee);
        var before = await app.ReadUserAsync(employee.Id);

        var forged = await browser.PostAsync(MyAccountTestKit.Page + handler, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = employee.Password, ["NewPassword"] = "Brand#NewPass7", ["NewPasswordConfirmation"] = "Brand#NewPass7",
            ["language"] = "en", ["session"] = Guid.NewGuid().ToString(),
        }));

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var after = await app.ReadUserAsync(employee.Id);
        Assert.That((after.SecurityStamp, after.PasswordHash, after.Locale), Is.EqualTo((before.SecurityStamp, before.PasswordHash, before.Locale)));
        Assert.That(await browser.IsSignedInAsync(), Is.True);
    }

    [TestCase("ja", "現在のパスワードが正しくありません。")]
    [TestCase("en", "Your current password is not correct.")]
    public async Task ChangePassword_WithAWrongCurrentPassword_IsRefused_AndCountedLikeAFailedSignIn(string language, string message)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = await app.SignedInBrowserAsync(employee, language);

        var page = await (await browser.ChangePasswordAsync("Wrong#Password1", "Brand#NewPass7")).ReadHtmlAsync();

        Assert.That(page.Text("#CurrentPassword-errors"), Does.StartWith(message));
        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.AccessFailedCount, Is.EqualTo(1), "counted toward the lockout");
        Assert.That((await app.AuditOfAsync(employee.Id)).Last(a => a.Event == AuditEvents.SignInFailed).Reason, Is.EqualTo(AuditReasons.WrongPassword));
        Assert.That(page.Texts("#failed-sign-ins tbody tr"), Has.Count.EqualTo(1), "listed as a failed attempt since the last sign-in");
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty, "the password did not change");
    }

    [Test]
    public async Task ChangePassword_WrongCurrentPasswordsUpToTheThreshold_LockTheAccount_AndTheFormSaysSo()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = await app.SignedInBrowserAsync(employee);
        var threshold = (await app.WithServicesAsync(s => s.GetRequiredService<HarmonyDbContext>().PolicyOfAsync(employee.CompanyId))).LockoutThreshold;

        for (var attempt = 1; attempt < threshold; attempt++) await browser.ChangePasswordAsync($"Wrong#Password{attempt}", "Brand#NewPass7");
        var locked = await (await browser.ChangePasswordAsync("Wrong#PasswordLast", "Brand#NewPass7")).ReadHtmlAsync();

        Assert.That(locked.Text("#CurrentPassword-errors"), Does.StartWith("アカウントがロックされています。"));
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()));
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain(AuditEvents.LockedOut));
        var right = await (await browser.ChangePasswordAsync(employee.Password, "Brand#NewPass7")).ReadHtmlAsync();
        Assert.That(right.Text("#CurrentPassword-errors"), Does.StartWith("アカウントがロックされています。"), "even the right password waits for the lock");
        Assert.That(await browser.IsSignedInAsync(), Is.True, "the lock stops guessing; it does not end the session");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task ChangePassword_BreakingTheRules_ShowsEachReasonInThePageLanguage_AsTheResetPageDoes(string language)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = await app.SignedInBrowserAsync(employee, language);
        var culture = CultureInfo.GetCultureInfo(language);

        var common = await (await browser.ChangePasswordAsync(employee.Password, "Password1!")).ReadHtmlAsync();
        Assert.That(common.Texts("#Password-errors .field-error"),
            Is.EqualTo(new[] { CredentialRuleTexts.Message(CredentialRuleCodes.PasswordCommon, culture, PasswordPolicy.Faq) }));
        Assert.That(common.Texts("#password-rules li"), Is.EqualTo(CredentialRuleTexts.PasswordRuleList(culture, PasswordPolicy.Faq)));

        var weak = await (await browser.ChangePasswordAsync(employee.Password, "short", "other")).ReadHtmlAsync();
        var reasons = weak.Texts("#Password-errors .field-error");
        Assert.That(reasons, Does.Contain(CredentialRuleTexts.Message(CredentialRuleCodes.PasswordLength, culture, PasswordPolicy.Faq)));
        Assert.That(reasons, Does.Contain(CredentialRuleTexts.Message(CredentialRuleCodes.PasswordUppercase, culture, PasswordPolicy.Faq)));
        Assert.That(weak.Texts("#PasswordConfirmation-errors .field-error"),
            Is.EqualTo(new[] { CredentialRuleTexts.Message(CredentialRuleCodes.PasswordConfirmation, culture, PasswordPolicy.Faq) }));

        var reused = await (await browser.ChangePasswordAsync(employee.Password, employee.Password)).ReadHtmlAsync();
        Assert.That(reused.Texts("#Password-errors .field-error"),
            Is.EqualTo(new[] { CredentialRuleTexts.Message(CredentialRuleCodes.PasswordHistory, culture) }), "the history of five applies");
        Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.Zero, "a right current password is not a failure");
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain(AuditEvents.PasswordChanged));
    }

    [Test]
    public async Task ChangePassword_EndsEveryOtherSession_KeepsThisOne_EmailsTheEmployee_AndTheNewPasswordSignsIn()
    {
        var employee = await app.CreateEmployeeAsync();
        var here = await app.SignedInBrowserAsync(employee);
        var elsewhere = await app.SignedInBrowserAsync(employee);

        var changed = await here.ChangePasswordAsync(employee.Password, "Brand#NewPass7");
        Assert.That(changed.Headers.Location!.ToString(), Is.EqualTo("/account?done=password"));
        var page = await (await here.GetAsync(changed.Headers.Location)).ReadHtmlAsync();
        Assert.That(page.Text("#account-status"), Does.StartWith("パスワードを変更しました。"));

        Assert.That(await here.IsSignedInAsync(), Is.True, "this browser stays signed in under the new security stamp");
        Assert.That(await elsewhere.IsSignedInAsync(), Is.False, "the other session ended");
        Assert.That(page.QuerySelectorAll("#sessions .session"), Has.Length.EqualTo(1), "only this session is listed");

        await Mailbox.DeliverAsync(app);
        var notice = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        Assert.That(notice.Subject, Is.EqualTo("【Harmony】パスワードが変更されました"));
        Assert.That(notice.Text(), Does.Contain("変更日時"));

        var audit = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.PasswordChanged);
        Assert.That(audit.Reason, Is.EqualTo(AuditReasons.ByEmployee));
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, "Brand#NewPass7")), Is.Not.Empty);
        var old = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).ReadHtmlAsync();
        Assert.That(old.Text("[role=alert] .alert-title"), Is.EqualTo("無効なログインIDまたはパスワードです。"));
    }

    [Test]
    public async Task Language_IsStoredOnTheAccount_SetsTheCultureCookie_IsAudited_AndTheNextEmailUsesIt()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = await app.SignedInBrowserAsync(employee, "ja");
        var page = await browser.OpenAsync();
        Assert.That(page.QuerySelector("#language-ja")!.HasAttribute("checked"), Is.True, "Japanese unless chosen otherwise");

        var saved = await browser.SubmitFormAsync(page, new Uri(browser.BaseAddress!, MyAccountTestKit.Page),
            new Dictionary<string, string> { ["language"] = "en" }, "#language-form");
        Assert.That(saved.Headers.Location!.ToString(), Is.EqualTo("/account?done=language"));
        Assert.That(saved.Headers.GetValues("Set-Cookie"), Has.Some.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den"));

        var english = await (await browser.GetAsync(saved.Headers.Location)).ReadHtmlAsync();
        Assert.That(english.Text("h1"), Is.EqualTo("My account"), "the page speaks the new language at once");
        Assert.That(english.Text("#account-status"), Is.EqualTo("Your language was saved."));
        Assert.That(english.QuerySelector("#language-en")!.HasAttribute("checked"), Is.True);
        Assert.That((await app.ReadUserAsync(employee.Id)).Locale, Is.EqualTo("en"));
        var audit = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.LanguageChanged);
        Assert.That(audit.Details, Is.EqualTo("ja -> en"));

        // The emails follow the account's language, whatever page language the change was made from.
        await browser.GetAsync("/language/ja?returnUrl=/");
        await browser.ChangePasswordAsync(employee.Password, "Brand#NewPass7");
        await Mailbox.DeliverAsync(app);
        Assert.That((await Mailbox.ReadAsync(app, employee.Email)).Single().Subject, Is.EqualTo("[Harmony] Your password was changed"));

        var bogus = await browser.SubmitFormAsync(await browser.OpenAsync(), new Uri(browser.BaseAddress!, MyAccountTestKit.Page),
            new Dictionary<string, string> { ["language"] = "xx" }, "#language-form");
        Assert.That(bogus.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "an unknown language changes nothing and is no error");
        Assert.That((await app.ReadUserAsync(employee.Id)).Locale, Is.EqualTo("en"));
    }

    [Test]
    public async Task SignOutEverywhere_RefusesARefreshTokenObtainedBefore_EndsEverySession_AndForgetsRememberedBrowsers()
    {
        var employee = await app.CreateEmployeeAsync();
        var appBrowser = app.CreateBrowser();
        var flow = new OidcFlow(appBrowser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        Assert.That(tokens.RefreshToken, Is.Not.Null);
        var stampBefore = (await app.ReadUserAsync(employee.Id)).SecurityStamp;
        var here = await app.SignedInBrowserAsync(employee);

        var done = await here.SubmitFormAsync(await here.OpenAsync(), new Uri(here.BaseAddress!, MyAccountTestKit.Page),
            new Dictionary<string, string>(), "#sign-out-everywhere-form");

        Assert.That(done.Headers.Location!.ToString(), Is.EqualTo("/signed-out"));
        Assert.That(await here.IsSignedInAsync(), Is.False, "this browser is signed out too");
        Assert.That(await appBrowser.IsSignedInAsync(), Is.False, "the app's browser session ended");
        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"), "the refresh token obtained before is refused");
        Assert.That((await app.ReadUserAsync(employee.Id)).SecurityStamp, Is.Not.EqualTo(stampBefore),
            "a new stamp, which remembered browsers, pending sign-ins and emailed links are bound to");
        var live = await app.WithServicesAsync(s => s.GetRequiredService<HarmonyDbContext>().Set<AccountSession>()
            .CountAsync(x => x.UserId == employee.Id && x.RevokedAt == null));
        Assert.That(live, Is.Zero);
        Assert.That((await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.SignedOutEverywhere).Details, Is.EqualTo("sessions 2"));
    }

    [Test]
    public async Task ASecondSession_IsListedWithItsBrowser_AndSignedOutAlone()
    {
        var employee = await app.CreateEmployeeAsync();
        var here = await app.SignedInBrowserAsync(employee, "en", MyAccountTestKit.WindowsChrome);
        var phone = await app.SignedInBrowserAsync(employee, "en", MyAccountTestKit.IPhoneSafari);

        var page = await here.OpenAsync();
        var sessions = page.QuerySelectorAll("#sessions .session");
        Assert.That(sessions, Has.Length.EqualTo(2));
        var mine = sessions.Single(s => s.QuerySelector(".this-device") is not null);
        Assert.That(mine.QuerySelector(".session-device")!.TextContent, Does.Contain("Chrome on Windows"));
        Assert.That(mine.QuerySelector("form"), Is.Null, "this device is signed out with 'sign out everywhere', not from the list");
        var other = sessions.Single(s => s != mine);
        Assert.That(other.QuerySelector(".session-device")!.TextContent.Trim(), Is.EqualTo("Safari on iOS"));
        Assert.That(page.Texts("#sign-ins tbody tr td:nth-child(2)"), Is.EqualTo(new[] { "Safari on iOS", "Chrome on Windows" }),
            "recent sign-ins, newest first, with their browsers");

        var signedOut = await here.SubmitFormAsync(page, new Uri(here.BaseAddress!, MyAccountTestKit.Page), new Dictionary<string, string>(),
            $"li[data-session='{other.GetAttribute("data-session")}'] form");
        Assert.That(signedOut.Headers.Location!.ToString(), Is.EqualTo("/account?done=session"));
        Assert.That(await phone.IsSignedInAsync(), Is.False, "the revoked session's cookie is refused");
        Assert.That(await here.IsSignedInAsync(), Is.True);
        Assert.That((await here.OpenAsync()).QuerySelectorAll("#sessions .session"), Has.Length.EqualTo(1));
        Assert.That((await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.SessionRevoked).Details, Does.EndWith("Safari / iOS"));

        // Another employee's session id, sent by hand, changes nothing.
        var stranger = await app.CreateEmployeeAsync();
        var theirs = await app.SignedInBrowserAsync(stranger);
        var theirId = (await theirs.OpenAsync()).QuerySelector("#sessions .session")!.GetAttribute("data-session")!;
        var token = (await here.OpenAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = await here.PostAsync("/account?handler=SignOutSession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["session"] = theirId,
        }));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await theirs.IsSignedInAsync(), Is.True, "only the employee's own sessions can be ended");
    }

    [Test]
    public async Task LoggingInAgain_InTheSameBrowser_ReplacesItsSession_AndTheOldCookieIsRefused()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var login = new Uri(browser.BaseAddress!, "/account/login?ReturnUrl=%2Faccount");
        var first = await new OidcFlow(browser).PostLoginAsync(login, employee.LoginId, employee.Password);
        // The first session's cookie as a copy of it would be sent (its value may come in chunks).
        var oldCookies = string.Join("; ", first.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("harmony.session", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        Assert.That(oldCookies, Is.Not.Empty);

        var again = await new OidcFlow(browser).PostLoginAsync(login, employee.LoginId, employee.Password);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That((await browser.OpenAsync()).QuerySelectorAll("#sessions .session"), Has.Length.EqualTo(1), "one browser, one session");
        var replay = new HttpRequestMessage(HttpMethod.Get, MyAccountTestKit.Page);
        replay.Headers.Add("Cookie", oldCookies);
        var replayed = await app.CreateBrowser().SendAsync(replay);
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a copy of the replaced cookie opens nothing");
    }

    [Test]
    public async Task TheAppsEndSession_EndsTheSessionsRecord_SoItIsListedNoMore()
    {
        var employee = await app.CreateEmployeeAsync();
        var here = await app.SignedInBrowserAsync(employee);
        var appBrowser = app.CreateBrowser();
        var flow = new OidcFlow(appBrowser);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));
        Assert.That((await here.OpenAsync()).QuerySelectorAll("#sessions .session"), Has.Length.EqualTo(2));

        var logout = await appBrowser.GetAsync(
            $"/connect/endsession?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(HarmonyAppFactory.PostLogoutRedirectUri)}");
        Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));

        Assert.That((await here.OpenAsync()).QuerySelectorAll("#sessions .session"), Has.Length.EqualTo(1), "only this browser is left");
    }

    [Test]
    public async Task RecentSignIns_ListTheFailuresSinceTheLastSuccess_InJapanTime()
    {
        var employee = await app.CreateEmployeeAsync();
        var before = await app.SignedInBrowserAsync(employee);
        await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1");
        await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password2");

        var page = await before.OpenAsync();
        Assert.That(page.Texts("#failed-sign-ins tbody tr"), Has.Count.EqualTo(2));
        Assert.That(page.Texts("#failed-sign-ins tbody tr td:nth-child(2)"), Is.All.EqualTo("パスワード誤り"));
        var japan = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow(), CsvExports.FindTimeZone(CsvExports.JapanTimeZone)!);
        Assert.That(page.Texts("#sign-ins tbody tr td:first-child").Single(),
            Is.EqualTo(japan.ToString("yyyy年M月d日(ddd) H:mm", CultureInfo.GetCultureInfo("ja"))));

        var after = await app.SignedInBrowserAsync(employee);
        Assert.That((await after.OpenAsync()).QuerySelector("#failed-sign-ins"), Is.Null, "a success clears the list of failures");
    }
}
