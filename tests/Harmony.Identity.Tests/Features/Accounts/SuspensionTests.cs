namespace Harmony.Identity.Tests.Features.Accounts;

/// <summary>FAQ Q1 cause 2 (ご利用停止) and Q11's remedy (再度ご利用開始 = reissue).</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SuspensionTests(TestDatabase database) : AppFixture(database)
{
    [TestCase("ja", "無効なログインIDまたはパスワードです。")]
    [TestCase("en", "Invalid login ID or password.")]
    public async Task SuspendedAccount_GetsTheGenericInvalidMessage_EvenWithTheRightPassword(string language, string invalid)
    {
        var employee = await app.CreateEmployeeAsync(suspended: true);
        var page = await (await new OidcFlow(app.CreateBrowser())
            .SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = language })).ReadHtmlAsync();

        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo(invalid));
        Assert.That((await app.AuditOfAsync(employee.Id)).Last().Reason, Is.EqualTo(nameof(AccountAccess.Suspended)));
    }

    [Test]
    public async Task Suspending_EndsTheSession_AndRevokesRefreshTokensAtOnce()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser, HarmonyAppFactory.WebClientId, HarmonyAppFactory.WebClientSecret);
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)));

        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(employee.Id, "admin:test"));

        var silent = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(silent.Headers.Location!.ToString(), Does.Contain("error=login_required"), "the session cookie no longer works");

        var refresh = await TokenResponse.ReadAsync(await flow.RefreshAsync(tokens.RefreshToken!));
        Assert.That(refresh.Error, Is.EqualTo("invalid_grant"));

        var introspection = await flow.PostAsClientAsync("/connect/introspect", new() { ["token"] = tokens.RefreshToken! });
        Assert.That(JsonDocument.Parse(await introspection.Content.ReadAsStringAsync()).RootElement.GetProperty("active").GetBoolean(), Is.False);

        var audit = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.Suspended);
        Assert.That(audit.Actor, Is.EqualTo("admin:test"));
    }

    [Test]
    public async Task Resume_IssuesNewTemporaryCredentials_AndTheOldOnesStopWorking()
    {
        var employee = await app.CreateEmployeeAsync();
        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(employee.Id, "admin:test"));
        var (result, issued) = await app.WithServicesAsync(services =>
            services.GetRequiredService<AccountLifecycle>().ResumeAsync(employee.Id, "admin:test"));

        Assert.That(result, Is.EqualTo(LifecycleResult.Done));
        Assert.That(issued!.LoginId, Does.StartWith("tmp_"));
        Assert.That(issued.ExpiresAt, Is.EqualTo(app.Time.GetUtcNow().AddDays(30)));

        var old = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).ReadHtmlAsync();
        Assert.That(old.Text("[role=alert] .alert-title"), Is.EqualTo("無効なログインIDまたはパスワードです。"));

        var fresh = await new OidcFlow(app.CreateBrowser()).SignInAsync(issued.LoginId, issued.Password);
        Assert.That(fresh.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));

        var events = (await app.AuditOfAsync(employee.Id)).Select(a => a.Event).ToList();
        Assert.That(events, Does.Contain(AuditEvents.Resumed).And.Contain(AuditEvents.TemporaryCredentialsIssued));
    }

    [Test]
    public async Task FormerPermanentLoginId_StaysReservedForTheSameEmployee()
    {
        var employee = await app.CreateEmployeeAsync();
        var (_, issued) = await app.WithServicesAsync(services =>
            services.GetRequiredService<AccountLifecycle>().ResumeAsync(employee.Id, "admin:test"));
        Assert.That((await app.ReadUserAsync(employee.Id)).ReservedLoginId, Is.EqualTo(employee.LoginId));

        // Someone else converting cannot take it …
        var other = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var otherBrowser = app.CreateBrowser();
        var otherPage = await SubmitConversionAsync(otherBrowser, await new OidcFlow(otherBrowser).SignInAsync(other.LoginId, other.Password),
            employee.LoginId, "Another#Pass1");
        Assert.That((await otherPage.ReadHtmlAsync()).Text("#LoginId-errors"), Does.Contain("既に使用されています"));

        // … while the employee may choose it again.
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var done = await SubmitConversionAsync(browser, await flow.SignInAsync(issued!.LoginId, issued.Password), employee.LoginId, "Another#Pass1");
        Assert.That(await flow.FollowToCodeAsync(done), Is.Not.Empty);
        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.UserName, Is.EqualTo(employee.LoginId));
        Assert.That(user.ReservedLoginId, Is.Null);
    }

    [Test]
    public void GeneratedTemporaryPasswords_AlwaysSatisfyThePasswordRules()
    {
        for (var i = 0; i < 500; i++)
        {
            var password = TemporaryCredentials.NewPassword();
            Assert.That(Harmony.Identity.Contracts.Credentials.CredentialRules.CheckPassword(password), Is.Empty, password);
            Assert.That(password, Does.Not.Contain("&"));
        }
    }

    private static async Task<HttpResponseMessage> SubmitConversionAsync(HttpClient browser, HttpResponseMessage login, string loginId, string password)
    {
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await browser.GetAsync(login.Headers.Location);
        return await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!, new Dictionary<string, string>
        {
            ["Input.LoginId"] = loginId,
            ["Input.Password"] = password,
            ["Input.PasswordConfirmation"] = password,
        });
    }
}
