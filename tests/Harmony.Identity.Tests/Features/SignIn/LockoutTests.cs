namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>FAQ Q3: 「アカウントがロックされています」 / "Login ID is locked".</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class LockoutTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [TestCase("ja", "アカウントがロックされています", "無効なログインIDまたはパスワードです。")]
    [TestCase("en", "Login ID is locked", "Invalid login ID or password.")]
    public async Task SignIn_ShowsLockedMessage_AfterFifthWrongPassword(string language, string locked, string invalid)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.That(await AlertAsync(browser, employee.LoginId, "Wrong#Password1", language), Is.EqualTo(invalid), $"attempt {attempt}");
        }
        Assert.That(await AlertAsync(browser, employee.LoginId, "Wrong#Password1", language), Is.EqualTo(locked), "the fifth locks");
        Assert.That(await AlertAsync(browser, employee.LoginId, employee.Password, language), Is.EqualTo(locked),
            "the right password does not open a locked account");

        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Count(a => a.Event == AuditEvents.LockedOut), Is.EqualTo(1));
        Assert.That(audit.Count(a => a.Event == AuditEvents.SignInFailed && a.Reason == AuditReasons.WrongPassword), Is.EqualTo(5));
    }

    [Test]
    public async Task Locking_EmailsALockoutNotice_WithTheReleaseTimeInJapanTime()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 2);
        var browser = app.CreateBrowser();
        await AlertAsync(browser, employee.LoginId, "Wrong#Password1");
        await AlertAsync(browser, employee.LoginId, "Wrong#Password1");

        await Mailbox.DeliverAsync(app);
        var notice = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        var releaseJapanTime = TimeZoneInfo.ConvertTime(app.Time.GetUtcNow().AddHours(24), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.That(notice.Text(), Does.Contain($"{releaseJapanTime:HH}:{releaseJapanTime:mm}").Or.Contain($"{releaseJapanTime.Hour}:{releaseJapanTime:mm}"));
        Assert.That(notice.Text(), Does.Contain("ロック"));
    }

    [Test]
    public async Task LockedMessage_InJapanese_ShowsTheSupportDesk_AndInEnglish_TheCompanyRepresentative()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 1);
        var japanese = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#1", UiLocales("ja"))).ReadHtmlAsync();
        var english = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#1", UiLocales("en"))).ReadHtmlAsync();

        Assert.That(japanese.Text("[role=alert] .support"), Does.Contain("0120-695-405").And.Contain("株式会社アドバンテッジ リスク マネジメント"));
        Assert.That(japanese.Text("[role=alert]"), Does.Contain("24時間"));
        Assert.That(english.QuerySelector(".support"), Is.Null, "the free call is Japanese only");
        Assert.That(english.Text("[role=alert]"), Does.Contain("company representative").And.Contain("24 hours"));
    }

    [Test]
    public async Task Lock_IsReleasedAfterTheCompanysDuration_AndTheRightPasswordThenSignsIn()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 2);
        var browser = app.CreateBrowser();
        await AlertAsync(browser, employee.LoginId, "Wrong#Password1");
        Assert.That(await AlertAsync(browser, employee.LoginId, "Wrong#Password1"), Is.EqualTo("アカウントがロックされています"));

        app.Time.Advance(TimeSpan.FromHours(23));
        Assert.That(await AlertAsync(browser, employee.LoginId, employee.Password), Is.EqualTo("アカウントがロックされています"));

        app.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var flow = new OidcFlow(browser);
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty,
            "checked at sign-in: no job needed");
    }

    [Test]
    public async Task Success_ResetsTheCount_SoOnlyConsecutiveFailuresLock()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        for (var i = 0; i < 4; i++) await AlertAsync(browser, employee.LoginId, "Wrong#Password1");
        var flow = new OidcFlow(browser);
        await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));
        Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.Zero);

        var fresh = app.CreateBrowser();
        for (var i = 0; i < 4; i++)
        {
            Assert.That(await AlertAsync(fresh, employee.LoginId, "Wrong#Password1"), Is.EqualTo("無効なログインIDまたはパスワードです。"));
        }
    }

    [TestCase("ja", "アカウントがロックされています")]
    [TestCase("en", "Login ID is locked")]
    public async Task UnknownLoginId_ShowsTheLockedMessage_AfterTheSameNumberOfFailures(string language, string locked)
    {
        var unknown = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var browser = app.CreateBrowser();
        for (var i = 0; i < 4; i++) await AlertAsync(browser, unknown, "Wrong#Password1", language);
        Assert.That(await AlertAsync(browser, unknown, "Wrong#Password1", language), Is.EqualTo(locked));

        var stored = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            return (await db.UnknownLoginFailures.Select(f => f.KeyHash).ToListAsync(),
                    await db.AuditEvents.Where(a => a.Details != null).Select(a => a.Details!).ToListAsync());
        });
        Assert.That(stored.Item1.Any(k => k.Contains(unknown, StringComparison.OrdinalIgnoreCase)), Is.False, "the raw ID is never stored");
        Assert.That(stored.Item2.Any(d => d.Contains(unknown)), Is.False);
    }

    [Test]
    public async Task TwentyParallelWrongAttempts_LoseNoIncrement()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 100);
        var browser = app.CreateBrowser();
        var loginUri = new Uri("http://localhost/account/login");
        var page = await (await browser.GetAsync(loginUri)).ReadHtmlAsync();

        var attempts = Enumerable.Range(0, 20).Select(_ => browser.SubmitFormAsync(page, loginUri,
            new Dictionary<string, string> { ["Input.LoginId"] = employee.LoginId, ["Input.Password"] = "Wrong#Password1" }));
        var responses = await Task.WhenAll(attempts);

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That((await app.ReadUserAsync(employee.Id)).AccessFailedCount, Is.EqualTo(20));
    }

    [Test]
    public async Task TwentyParallelWrongAttempts_AtAnUnknownLoginId_AllCount_AndLockIt()
    {
        // The first failures race to create the ID's row: one inserts it, the others find it taken and count on it.
        var unknown = "ghost-" + Guid.NewGuid().ToString("N")[..8];
        var browser = app.CreateBrowser();
        var loginUri = new Uri("http://localhost/account/login");
        var page = await (await browser.GetAsync(loginUri)).ReadHtmlAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.SubmitFormAsync(page, loginUri,
            new Dictionary<string, string> { ["Input.LoginId"] = unknown, ["Input.Password"] = "Wrong#Password1" })));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await AlertAsync(app.CreateBrowser(), unknown, "Wrong#Password1", "en"), Is.EqualTo("Login ID is locked"));
    }

    [Test]
    public async Task TwentyParallelWrongAttempts_LockTheAccountOnce()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var loginUri = new Uri("http://localhost/account/login");
        var page = await (await browser.GetAsync(loginUri)).ReadHtmlAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => browser.SubmitFormAsync(page, loginUri,
            new Dictionary<string, string> { ["Input.LoginId"] = employee.LoginId, ["Input.Password"] = "Wrong#Password1" })));

        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()));
        Assert.That((await app.AuditOfAsync(employee.Id)).Count(a => a.Event == AuditEvents.LockedOut), Is.EqualTo(1));
    }

    [Test]
    public async Task Unlock_ByAnAdmin_OpensTheAccountAtOnce_AndIsAudited()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 1);
        var browser = app.CreateBrowser();
        Assert.That(await AlertAsync(browser, employee.LoginId, "Wrong#Password1"), Is.EqualTo("アカウントがロックされています"));

        var result = await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().UnlockAsync(employee.Id, "operator:test"));
        Assert.That(result, Is.EqualTo(LifecycleResult.Done));

        var flow = new OidcFlow(browser);
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty);
        var release = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.LockoutReleased);
        Assert.That(release.Actor, Is.EqualTo("operator:test"));
    }

    private static Dictionary<string, string> UiLocales(string language) => new() { ["ui_locales"] = language };

    private static async Task<string> AlertAsync(HttpClient browser, string loginId, string password, string language = "ja")
    {
        var response = await new OidcFlow(browser).SignInAsync(loginId, password, UiLocales(language));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused sign-in stays on the login page");
        return (await response.ReadHtmlAsync()).Text("[role=alert] .alert-title");
    }
}
