namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>The hosted login page as an employee sees it (PRODUCT §3, FAQ Q1).</summary>
public sealed class LoginPageTests : AppFixture
{
    [Test]
    public async Task LoginPage_IsJapaneseByDefault_WithLabelsLinksAndNoScript()
    {
        var browser = app.CreateBrowser();
        var page = await (await browser.GetAsync("/account/login")).ReadHtmlAsync();

        Assert.Multiple(() =>
        {
            Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("ja"));
            Assert.That(page.Text("label[for=login-id]"), Is.EqualTo("ログインID"));
            Assert.That(page.Text("label[for=password]"), Is.EqualTo("パスワード"));
            Assert.That(page.QuerySelector("input#login-id[name='Input.LoginId']"), Is.Not.Null);
            Assert.That(page.QuerySelector("input#password[type=password]"), Is.Not.Null);
            Assert.That(page.QuerySelectorAll(".links a").Select(a => a.TextContent.Trim()),
                Is.EqualTo(new[] { "ログインIDをお忘れですか?", "パスワードをお忘れですか?" }));
            Assert.That(page.QuerySelectorAll("nav.languages a").Select(a => a.TextContent.Trim()), Is.EqualTo(new[] { "日本語", "English" }));
            Assert.That(page.QuerySelectorAll("script"), Is.Empty, "the page works without JavaScript");
            Assert.That(page.QuerySelector("form input[name=__RequestVerificationToken]"), Is.Not.Null, "antiforgery token in the form");
        });
    }

    [Test]
    public async Task LoginPage_WritesJapaneseAsCharacters_NotAsEntities_AndStillEscapesMarkupFromTheRequest()
    {
        var flow = new OidcFlow(app.CreateBrowser());
        var html = await (await flow.SignInAsync("<b>x</b>", "Wrong#Password1")).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("ログインID"));
            Assert.That(html, Does.Not.Contain("&#x30ED;"), "ロ is not written as an entity");
            Assert.That(html, Does.Contain("&lt;b&gt;x&lt;/b&gt;"), "the login ID sent comes back, escaped");
            Assert.That(html, Does.Not.Contain("<b>x</b>"));
        });
    }

    [TestCase("ja", "無効なログインIDまたはパスワードです。")]
    [TestCase("en", "Invalid login ID or password.")]
    public async Task WrongPassword_ShowsTheInvalidMessage_InThePageLanguage(string language, string expected)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);

        var response = await flow.SignInAsync(employee.LoginId, "Wrong#Password1", new Dictionary<string, string> { ["ui_locales"] = language });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.ReadHtmlAsync();
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo(language));
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo(expected));
        Assert.That(page.QuerySelector("input#password")!.GetAttribute("value"), Is.Null, "the password is never echoed back");
        Assert.That(page.QuerySelector("input#login-id")!.GetAttribute("value"), Is.EqualTo(employee.LoginId));
    }

    [Test]
    public async Task UnknownLoginId_GetsTheSameAnswer_AsAWrongPassword()
    {
        var employee = await app.CreateEmployeeAsync();
        var wrongPassword = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1")).ReadHtmlAsync();
        var unknownUser = await (await new OidcFlow(app.CreateBrowser()).SignInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "Wrong#Password1")).ReadHtmlAsync();

        Assert.That(unknownUser.Text("[role=alert]"), Is.EqualTo(wrongPassword.Text("[role=alert]")));
    }

    [Test]
    public async Task LanguageSwitch_IsKeptInACookie_AndChangesThePage()
    {
        var browser = app.CreateBrowser();
        var here = "/account/login?ReturnUrl=%2F";
        var switchLink = (await (await browser.GetAsync(here)).ReadHtmlAsync())
            .QuerySelectorAll("nav.languages a").Single(a => a.TextContent.Trim() == "English").GetAttribute("href")!;

        var switched = await browser.GetAsync(switchLink);
        Assert.That(switched.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(switched.Headers.Location!.ToString(), Is.EqualTo(here));

        var page = await (await browser.GetAsync(here)).ReadHtmlAsync();
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));
        Assert.That(page.Text("label[for=login-id]"), Is.EqualTo("Login ID"));
        Assert.That(page.QuerySelectorAll(".links a").Select(a => a.TextContent.Trim()),
            Is.EqualTo(new[] { "Forgot your login ID?", "Forgot your password?" }));
    }

    [Test]
    public async Task LanguageSwitch_RefusesToRedirectOffSite()
    {
        var response = await app.CreateBrowser().GetAsync("/language/en?returnUrl=" + Uri.EscapeDataString("//evil.test/"));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/"));
    }

    [Test]
    public async Task AcceptLanguage_English_GivesTheEnglishPage()
    {
        var browser = app.CreateBrowser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var page = await (await browser.SendAsync(request)).ReadHtmlAsync();
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));
    }

    [Test]
    public async Task PostWithoutAntiforgeryToken_IsRejectedWith400_AndSignsNobodyIn()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var response = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.LoginId"] = employee.LoginId,
            ["Input.Password"] = employee.Password,
        }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("harmony.session")), Is.False);
    }

    [Test]
    public async Task ErrorPage_AnswersAFailedPost_WithItsOwnStatus_NotAnAntiforgery400()
    {
        var response = await app.CreateBrowser().PostAsync("/error/500", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the error page renders for POSTs too");
        Assert.That((await response.ReadHtmlAsync()).Text("h1"), Is.EqualTo("エラーが発生しました"));
    }

    [Test]
    public async Task EmptyFields_AskForBoth_WithoutCountingAFailure()
    {
        var employee = await app.CreateEmployeeAsync();
        var bothEmpty = await (await new OidcFlow(app.CreateBrowser()).SignInAsync("", "")).ReadHtmlAsync();
        var noPassword = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "")).ReadHtmlAsync();

        Assert.That(bothEmpty.Text("[role=alert] .alert-title"), Is.EqualTo("ログインIDとパスワードを入力してください。"));
        Assert.That(noPassword.Text("[role=alert] .alert-title"), Is.EqualTo("ログインIDとパスワードを入力してください。"));
        Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.Zero, "an empty password is no wrong password");
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Not.Contain(AuditEvents.SignInFailed));
    }

    [Test]
    public async Task Pages_CarrySecurityHeaders()
    {
        var response = await app.CreateBrowser().GetAsync("/account/login");
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        });
    }

    [Test]
    public async Task Pages_LinkTheSharedStylesheetBeforeTheirOwn_AndBothAreServed()
    {
        var stylesheets = await app.CreateBrowser().ServedStylesheetsAsync("/account/login");

        Assert.That(stylesheets, Is.EqualTo(new[] { "/_content/Harmony.Identity.Web/css/base.css", "/css/site.css" }));
    }
}
