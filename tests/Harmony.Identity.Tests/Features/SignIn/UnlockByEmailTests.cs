using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.Jobs;
using MimeKit;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>FAQ Q3, self-service: the account that locks is emailed a single-use link that releases the lock (decision 0025).</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class UnlockByEmailTests(TestDatabase database) : AppFixture(database)
{
    private const string Wrong = "Wrong#Password1";

    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [TestCase("ja", "【Harmony】アカウントのロックを解除する", "ロック解除予定")]
    [TestCase("en", "[Harmony] Unlock your account", "Unlocks at")]
    public async Task FifthWrongPassword_EmailsOneUnlockLink_InTheAccountsLanguage_OnThePublicUrl(string locale, string subject, string releaseLabel)
    {
        var employee = await app.CreateEmployeeAsync();
        await SetLocaleAsync(employee.Id, locale);
        var browser = app.CreateBrowser();
        for (var attempt = 1; attempt <= 5; attempt++) await SignInAsync(browser, employee.LoginId, Wrong);
        // Attempts made while locked send nothing more.
        for (var attempt = 1; attempt <= 3; attempt++) await SignInAsync(browser, employee.LoginId, Wrong);

        await Mailbox.DeliverAsync(app);
        var message = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        Assert.That(message.Subject, Is.EqualTo(subject));
        Assert.That(message.Text(), Does.Contain(releaseLabel));
        var publicBase = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmailOptions>>().Value.PublicBaseUrl.AbsoluteUri.TrimEnd('/');
        Assert.That(UnlockLink(message).AbsoluteUri, Does.StartWith(publicBase + "/account/unlock?token="));
        Assert.That(message.Html(), Does.Contain("/account/unlock?token="));

        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Single(a => a.Event == AuditEvents.UnlockLinkSent).Reason, Is.Null, "sent");
    }

    [TestCase("ja", "ロックを解除しました。パスワードを入力してログインしてください。")]
    [TestCase("en", "Your account is unlocked. Enter your password to log in.")]
    public async Task OpeningTheLink_ChangesNothing_TheButtonUnlocks_AndTheRightPasswordThenSignsIn(string language, string status)
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");

        var page = await browser.GetAsync(link);
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await page.ReadHtmlAsync()).QuerySelector("form[method=post] button#unlock"), Is.Not.Null);
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()), "a GET (a mail scanner) unlocks nothing");

        var posted = await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!, new Dictionary<string, string>());
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var landing = new Uri(new Uri("http://localhost"), posted.Headers.Location!);
        Assert.That(landing.AbsolutePath, Is.EqualTo("/account/login"));
        var query = System.Web.HttpUtility.ParseQueryString(landing.Query);
        Assert.That(query["notice"], Is.EqualTo("unlocked"));
        Assert.That(query["ReturnUrl"], Does.StartWith("/connect/authorize?"), "the app's request the lock happened on is kept");
        Assert.That(posted.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("harmony.session")), Is.False,
            "it signs nobody in");
        var login = await (await browser.GetAsync(posted.Headers.Location)).ReadHtmlAsync();
        Assert.That(login.Text("[role=status] .notice-title"), Is.EqualTo(status));

        var user = await app.ReadUserAsync(employee.Id);
        Assert.That((user.LockoutEnd, user.AccessFailedCount), Is.EqualTo((default(DateTimeOffset?), 0)));
        var release = (await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.LockoutReleased);
        Assert.That(release.Reason, Is.EqualTo(AuditReasons.ByLink));

        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty);
    }

    [Test]
    public async Task TheLink_WorksOnce_AndNotForTheNextLock()
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);
        var browser = app.CreateBrowser();
        Assert.That(await UnlockAsync(browser, link), Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await IsDeadAsync(link), Is.True, "a used link is dead");
        app.Time.Advance(TimeSpan.FromSeconds(1)); // The test clock stands still; a real one has moved on by the next lock.
        await LockAsync(employee);
        var replayed = await PostTokenAsync(browser, link);
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the dead-link page, not a redirect");
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()), "the old link does not open the new lock");
    }

    [Test]
    public async Task TenParallelPostsOfOneLink_UnlockOnce_AndAuditOnce()
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);
        var browser = app.CreateBrowser();
        var page = await browser.GetAsync(link);
        var html = await page.ReadHtmlAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            browser.SubmitFormAsync(html, page.RequestMessage!.RequestUri!, new Dictionary<string, string>())));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Redirect), Is.EqualTo(1), "one post unlocks");
        Assert.That(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect).Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK),
            "the others get the dead-link page");
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Count(a => a.Event == AuditEvents.LockoutReleased && a.Reason == AuditReasons.ByLink), Is.EqualTo(1));
    }

    [Test]
    public async Task TheLink_DiesWithAPasswordReset()
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);

        var browser = app.CreateBrowser();
        var form = await browser.GetAsync("/account/forgot-password");
        await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!, new Dictionary<string, string> { ["LoginId"] = employee.LoginId });
        await Mailbox.DeliverAsync(app);
        var reset = (await Mailbox.ReadAsync(app, employee.Email)).Last().Links().Single(l => l.AbsolutePath == "/account/reset-password");
        var page = await browser.GetAsync(reset.PathAndQuery);
        var done = await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Password"] = "Brand#New2026", ["PasswordConfirmation"] = "Brand#New2026" });
        Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null, "the password was reset");

        Assert.That(await IsDeadAsync(link), Is.True);
        Assert.That(await UnlockAsync(app.CreateBrowser(), link), Is.EqualTo(HttpStatusCode.OK), "no unlock");
    }

    [Test]
    public async Task TheLink_DiesWhenAnAdminUnlocks()
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);
        await app.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().UnlockAsync(employee.Id, "operator:test"));

        Assert.That(await IsDeadAsync(link), Is.True);
    }

    [Test]
    public async Task TheLink_DiesWhenTheLockEndsByItself_AndTheJobReleasesIt()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 1);
        var link = await LockAndReadLinkAsync(employee);
        Assert.That(await IsDeadAsync(link), Is.False, "alive while the lock holds");

        app.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await app.WithServicesAsync(services => services.GetRequiredService<LockoutReleaseJob>().RunAsync());
        Assert.That(await IsDeadAsync(link), Is.True);
    }

    [Test]
    public async Task UnknownLoginId_ShowsTheSameLockedMessage_AndQueuesNoEmail()
    {
        var employee = await app.CreateEmployeeAsync();
        var known = app.CreateBrowser();
        string knownAlert = "";
        for (var attempt = 1; attempt <= 5; attempt++) knownAlert = await AlertAsync(known, employee.LoginId);

        var before = await NoticesAsync();
        var unknown = app.CreateBrowser();
        string unknownAlert = "";
        for (var attempt = 1; attempt <= 5; attempt++) unknownAlert = await AlertAsync(unknown, "ghost-" + employee.LoginId);

        Assert.That(unknownAlert, Is.EqualTo(knownAlert), "the same words: nothing tells the two apart");
        Assert.That(knownAlert, Does.Contain("ロックを解除するためのリンクを記載したメールをお送りしました"));
        Assert.That(knownAlert, Does.Contain("ログインIDおよびパスワードを一定回数誤ったため、アカウントがロックされました。ロックは24時間経過すると自動で解除されます。"),
            "FAQ Q3's words stay");
        Assert.That(await NoticesAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task RestrictedAddress_GetsNoEmail_AndTheAuditSaysWhy()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.LockoutThreshold = 1);
        await app.RestrictAddressAsync(employee.Email);
        await LockAsync(employee);

        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Is.Empty);
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Single(a => a.Event == AuditEvents.UnlockLinkSent).Reason, Is.EqualTo(AuditReasons.Restricted));
    }

    [Test]
    public async Task Notices_AreLimitedPerAccount_WhenShortLocksFollowEachOther()
    {
        var employee = await app.CreateEmployeeAsync(company: c =>
        {
            c.Policy.LockoutThreshold = 1;
            c.Policy.LockoutDuration = TimeSpan.FromMinutes(1);
        });
        for (var lockNumber = 1; lockNumber <= 4; lockNumber++)
        {
            await LockAsync(employee);
            app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        }

        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(3), "three in a quarter hour, as the recovery emails");
        var sent = (await app.AuditOfAsync(employee.Id)).Where(a => a.Event == AuditEvents.UnlockLinkSent).Select(a => a.Reason).ToList();
        Assert.That(sent, Is.EqualTo(new string?[] { null, null, null, AuditReasons.LimitReached }));
    }

    [Test]
    public async Task Unlock_WithoutTheAntiforgeryToken_IsRefused_AndTheAccountStaysLocked()
    {
        var employee = await app.CreateEmployeeAsync();
        var link = await LockAndReadLinkAsync(employee);
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://localhost"), link).Query)["token"]!;

        var response = await app.CreateBrowser().PostAsync("/account/unlock", new FormUrlEncodedContent(new Dictionary<string, string> { ["Token"] = token }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()));
    }

    [TestCase("ja", "このリンクは無効か、有効期限が切れています")]
    [TestCase("en", "This link is invalid or has expired")]
    public async Task AForgedToken_ShowsTheDeadLinkPage_WithTheForgotPasswordPath(string language, string title)
    {
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        var response = await browser.GetAsync("/account/unlock?token=not-a-token");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.ReadHtmlAsync();
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo(title));
        Assert.That(page.QuerySelector("a[href='/account/forgot-password']"), Is.Not.Null);
        Assert.That(page.QuerySelector("button#unlock"), Is.Null);
    }

    // ---- Steps -------------------------------------------------------------------------------------------------------

    private async Task LockAsync(TestEmployee employee)
    {
        var browser = app.CreateBrowser();
        var threshold = await app.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().PolicyOfAsync(employee.CompanyId));
        for (var attempt = 1; attempt <= threshold.LockoutThreshold; attempt++) await SignInAsync(browser, employee.LoginId, Wrong);
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()), "locked");
    }

    /// <summary>Locks the account and returns the path and query of the link its latest email carries.</summary>
    private async Task<string> LockAndReadLinkAsync(TestEmployee employee)
    {
        await LockAsync(employee);
        await Mailbox.DeliverAsync(app);
        return UnlockLink((await Mailbox.ReadAsync(app, employee.Email)).Last()).PathAndQuery;
    }

    private static Uri UnlockLink(MimeMessage message) => message.Links().Single(l => l.AbsolutePath == "/account/unlock");

    /// <summary>True when the link's page offers no button.</summary>
    private async Task<bool> IsDeadAsync(string link)
    {
        var page = await (await app.CreateBrowser().GetAsync(link)).ReadHtmlAsync();
        return page.QuerySelector("button#unlock") is null && page.QuerySelector("[role=alert]") is not null;
    }

    /// <summary>Opens the link and presses the button; the status of the answer (302 to the login page when it unlocked).</summary>
    private static async Task<HttpStatusCode> UnlockAsync(HttpClient browser, string link) => (await PostTokenAsync(browser, link)).StatusCode;

    /// <summary>Posts the link's token with a fresh antiforgery token (the page's own form when it has one).</summary>
    private static async Task<HttpResponseMessage> PostTokenAsync(HttpClient browser, string link)
    {
        var page = await browser.GetAsync(link);
        var html = await page.ReadHtmlAsync();
        var antiforgery = html.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        if (antiforgery is null)
        {
            // The dead-link page has no form: take a token from the login page (same cookie) to post the link anyway.
            var login = await (await browser.GetAsync("/account/login")).ReadHtmlAsync();
            antiforgery = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        }
        var token = System.Web.HttpUtility.ParseQueryString(page.RequestMessage!.RequestUri!.Query)["token"]!;
        return await browser.PostAsync("/account/unlock", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = token,
            ["__RequestVerificationToken"] = antiforgery,
        }));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string loginId, string password) =>
        new OidcFlow(browser).SignInAsync(loginId, password);

    private static async Task<string> AlertAsync(HttpClient browser, string loginId) =>
        (await (await SignInAsync(browser, loginId, Wrong)).ReadHtmlAsync()).Text("[role=alert]");

    private Task<int> NoticesAsync() => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().OutboxMessages.CountAsync(m => m.Kind == LockoutNoticeEmail.EmailKind));

    private Task SetLocaleAsync(Guid userId, string locale) => app.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Locale, locale)));
}
