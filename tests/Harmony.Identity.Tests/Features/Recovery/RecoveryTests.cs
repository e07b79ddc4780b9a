using System.Text.RegularExpressions;

namespace Harmony.Identity.Tests.Features.Recovery;

/// <summary>FAQ Q5–Q8: forgotten password and login ID, through the pages and the emails they send.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed partial class RecoveryTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>
    /// A host filter that lets any host through (as in Development), so that the pages themselves are what is tested
    /// with a forged host, and the public URL that links in emails must name. The recovery limits are the defaults.
    /// </summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["AllowedHosts"] = "*",
        ["Harmony:Email:PublicBaseUrl"] = "https://id.example.test/",
    };

    [TestCase("ja", "新しいパスワードの設定")]
    [TestCase("en", "Choose a new password")]
    public async Task ForgotPassword_EmailsALink_ThatSetsANewPassword_Once(string language, string title)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        await RequestResetAsync(browser, employee.LoginId);

        var link = await LatestLinkAsync(employee.Email);
        var page = await browser.GetAsync(link);
        Assert.That((await page.ReadHtmlAsync()).Text("h1"), Is.EqualTo(title));
        var done = await SetPasswordAsync(browser, page, "Brand#New2026");
        Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null);

        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, "Brand#New2026")), Is.Not.Empty);
        var old = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).ReadHtmlAsync();
        Assert.That(old.QuerySelector("[role=alert]"), Is.Not.Null, "the old password no longer works");

        var again = await (await browser.GetAsync(link)).ReadHtmlAsync();
        Assert.That(again.QuerySelector("input[name=Password]"), Is.Null, "a used link is dead");
        Assert.That(again.Text("[role=alert] .alert-title"), Is.EqualTo(language == "ja" ? "このリンクは無効か、有効期限が切れています" : "This link is invalid or has expired"));
    }

    [Test]
    public async Task ResetThroughTheLink_WhileLocked_ReleasesTheLock_SoTheNewPasswordSignsInAtOnce()
    {
        var employee = await app.CreateEmployeeAsync();
        var threshold = (await app.WithServicesAsync(s => s.GetRequiredService<HarmonyDbContext>().PolicyOfAsync(employee.CompanyId))).LockoutThreshold;
        for (var attempt = 1; attempt <= threshold; attempt++) await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Password1");
        Assert.That((await app.ReadUserAsync(employee.Id)).LockoutEnd, Is.GreaterThan(app.Time.GetUtcNow()), "locked");

        var browser = app.CreateBrowser();
        await RequestResetAsync(browser, employee.LoginId);
        var done = await SetPasswordAsync(browser, await browser.GetAsync(await LatestLinkAsync(employee.Email)), "Brand#New2026");
        Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null);

        var user = await app.ReadUserAsync(employee.Id);
        Assert.That((user.LockoutEnd, user.AccessFailedCount), Is.EqualTo((default(DateTimeOffset?), 0)));
        Assert.That((await app.AuditOfAsync(employee.Id)).Single(a => a.Event == AuditEvents.LockoutReleased).Reason,
            Is.EqualTo(AuditReasons.ByPasswordReset));
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, "Brand#New2026")), Is.Not.Empty);
    }

    [TestCase("/connect/authorize?client_id=harmony-app&response_type=code", true)]
    [TestCase("/account/forgot-login-id", false)]
    [TestCase("/signed-out", false)]
    public async Task TheResetLink_CarriesTheReturnUrl_OnlyWhenItIsAnAppsAuthorizationRequest(string returnUrl, bool kept)
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        var form = await browser.GetAsync("/account/forgot-password?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["LoginId"] = employee.LoginId });

        await Mailbox.DeliverAsync(app);
        var link = (await Mailbox.ReadAsync(app, employee.Email)).Last().Links().Single(l => l.AbsolutePath == "/account/reset-password");
        var carried = System.Web.HttpUtility.ParseQueryString(link.Query)["ReturnUrl"];
        Assert.That(carried, kept ? Is.EqualTo(returnUrl) : Is.Null);
    }

    [Test]
    public async Task ForgotPassword_WithAForgedHostHeader_EmailsALinkToThePublicUrl()
    {
        // The fixture's host filter lets any host through, so that the page itself is what is tested.
        var employee = await app.CreateEmployeeAsync();
        var forged = app.CreateDefaultClient(new Uri("http://localhost"),
            new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(), new HostHeader("attacker.example"));
        await RequestResetAsync(forged, employee.LoginId);

        await Mailbox.DeliverAsync(app);
        var body = (await Mailbox.ReadAsync(app, employee.Email)).Single().TextBody ?? "";
        var link = ResetLink().Match(body);
        Assert.That(link.Success, Is.True, "the email carries the reset link");
        Assert.That(link.Value, Does.StartWith("https://id.example.test/account/reset-password?token="));
        Assert.That(body, Does.Not.Contain("attacker.example"));
    }

    [Test]
    public async Task ResetLink_DiesAfterThirtyMinutes()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        await RequestResetAsync(browser, employee.LoginId);
        var link = await LatestLinkAsync(employee.Email);

        app.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));
        var page = await (await browser.GetAsync(link)).ReadHtmlAsync();
        Assert.That(page.QuerySelector("input[name=Password]"), Is.Null);
    }

    [Test]
    public async Task Reset_AppliesTheRulesAndTheHistory()
    {
        var employee = await app.CreateEmployeeAsync();
        var browser = app.CreateBrowser();
        await RequestResetAsync(browser, employee.LoginId);
        var link = await LatestLinkAsync(employee.Email);

        var weak = await SetPasswordAsync(browser, await browser.GetAsync(link), "weakpass");
        Assert.That((await weak.ReadHtmlAsync()).Text("#Password-errors"), Does.Contain("英大文字"));
        var reused = await SetPasswordAsync(browser, await browser.GetAsync(link), employee.Password);
        Assert.That((await reused.ReadHtmlAsync()).Text("#Password-errors"), Does.Contain("直近5回"));
    }

    [Test]
    public async Task Reset_EndsTheAccountsOtherSessions()
    {
        var employee = await app.CreateEmployeeAsync();
        var signedIn = app.CreateBrowser();
        var flow = new OidcFlow(signedIn);
        await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password));

        var browser = app.CreateBrowser();
        await RequestResetAsync(browser, employee.LoginId);
        await SetPasswordAsync(browser, await browser.GetAsync(await LatestLinkAsync(employee.Email)), "Brand#New2026");

        var silent = await signedIn.GetAsync(new OidcFlow(signedIn).AuthorizeUrl(extra: new Dictionary<string, string> { ["prompt"] = "none" }));
        Assert.That(silent.Headers.Location!.ToString(), Does.Contain("error=login_required"));
    }

    [Test]
    public async Task ForgotPassword_AnswersTheSame_ForAPermanentATemporaryAndAnUnknownLoginId_AndOnlyThePermanentOneGetsMail()
    {
        var permanent = await app.CreateEmployeeAsync();
        var temporary = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);

        var answers = new List<string>();
        foreach (var loginId in new[] { permanent.LoginId, temporary.LoginId, "nobody-" + Guid.NewGuid().ToString("N")[..8] })
        {
            answers.Add(await RequestResetAsync(app.CreateBrowser(), loginId));
        }
        Assert.That(answers.Distinct().Count(), Is.EqualTo(1), "identical answers");
        Assert.That(answers[0], Does.Contain("仮ログインIDのままではパスワードをリセットできません"), "the generic answer covers FAQ Q5/Q7");

        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, permanent.Email), Has.Count.EqualTo(1));
        Assert.That(await Mailbox.ReadAsync(app, temporary.Email), Is.Empty);
    }

    [Test]
    public async Task RecoveryPages_StoreTheSameForARegisteredAndAnUnknownTarget_AndQueueEmailsOnlyWhenTheDispatcherRuns()
    {
        // What the request itself writes is all its response time can depend on: it must not depend on the target.
        var employee = await app.CreateEmployeeAsync();
        await Mailbox.DeliverAsync(app);
        var writes = new List<(int Requests, int Outbox)>();
        foreach (var (page, target) in new[]
                 {
                     ("reset", employee.LoginId), ("reset", "nobody-" + Guid.NewGuid().ToString("N")[..8]),
                     ("reminder", employee.Email), ("reminder", $"nobody-{Guid.NewGuid():N}@example.com"),
                 })
        {
            var before = await CountsAsync();
            if (page == "reset") await RequestResetAsync(app.CreateBrowser(), target);
            else await RequestLoginIdAsync(app.CreateBrowser(), target);
            var after = await CountsAsync();
            writes.Add((after.Requests - before.Requests, after.Outbox - before.Outbox));
        }
        Assert.That(writes, Is.All.EqualTo((1, 0)), "one stored request and no email, whatever was typed");

        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(2), "the reset link and the reminder");
        Assert.That((await CountsAsync()).Requests, Is.Zero, "every request is resolved and deleted");

        Task<(int Requests, int Outbox)> CountsAsync() => app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            return (await db.RecoveryRequests.CountAsync(), await db.OutboxMessages.CountAsync());
        });
    }

    [Test]
    public async Task ForgotPassword_SendsAtMostThreeLinksPerLoginIdInAWindow_WithTheSameAnswer()
    {
        var employee = await app.CreateEmployeeAsync();
        var answers = new List<string>();
        for (var i = 0; i < 5; i++) answers.Add(await RequestResetAsync(app.CreateBrowser(), employee.LoginId));

        Assert.That(answers.Distinct().Count(), Is.EqualTo(1));
        await Mailbox.DeliverAsync(app);
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ForgotLoginId_EmailsEveryLoginIdOfTheAddress_AndAnswersTheSameForAnUnknownAddress()
    {
        var employee = await app.CreateEmployeeAsync();
        var known = await RequestLoginIdAsync(app.CreateBrowser(), employee.Email.ToUpperInvariant());
        var unknown = await RequestLoginIdAsync(app.CreateBrowser(), $"nobody-{Guid.NewGuid():N}@example.com");
        Assert.That(unknown, Is.EqualTo(known));
        Assert.That(known, Does.Contain("所属企業のご担当者"), "FAQ Q8: the representative looks addresses up");

        await Mailbox.DeliverAsync(app);
        var mail = (await Mailbox.ReadAsync(app, employee.Email)).Single();
        Assert.That(mail.TextBody, Does.Contain(employee.LoginId));
    }

    [Test]
    public async Task RecoveryRequests_AreLimitedPerClientAddress_ButPageViewsAndResetLinksAreNot()
    {
        using var limited = TestServer.StartWith(TestDatabases.Settings(Database, new Dictionary<string, string?> { ["Harmony:Recovery:PerClientLimit"] = "3" }));
        var employee = await limited.CreateEmployeeAsync();
        var browser = limited.CreateBrowser();
        for (var i = 0; i < 10; i++)
        {
            Assert.That((await browser.GetAsync("/account/forgot-password")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "page views never count");
        }
        await RequestResetAsync(browser, employee.LoginId);
        await RequestLoginIdAsync(browser, employee.Email);
        await RequestLoginIdAsync(browser, employee.Email);

        var form = await browser.GetAsync("/account/forgot-password");
        var fourth = await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["LoginId"] = employee.LoginId });
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var refused = await fourth.ReadHtmlAsync();
        Assert.That(refused.Text("[role=alert]"), Does.Contain("短時間に多くのリクエスト"));
        Assert.That(refused.QuerySelector("main a[href='/account/login']"), Is.Not.Null, "the page leads back to the login page");

        // The link already sent still works from the same address.
        await Mailbox.DeliverAsync(limited);
        var mail = (await Mailbox.ReadAsync(limited, employee.Email)).First(m => (m.Subject ?? "").Contains("パスワード"));
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value).PathAndQuery;
        var done = await SetPasswordAsync(browser, await browser.GetAsync(link), "Brand#New2026");
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null, "the new password is saved");
    }

    [Test]
    public async Task AFewPeopleBehindOneCompanyAddress_AllGetThrough_WithTheDefaultLimits()
    {
        // The issue's scenario: one proxy address, two people resetting, one reminder, page views, ~20 requests; on the
        // fixture's server, whose limits are the defaults, after what its other tests sent from the same address.
        var first = await app.CreateEmployeeAsync();
        var second = await app.CreateEmployeeAsync();
        var third = await app.CreateEmployeeAsync();
        var statuses = new List<HttpStatusCode>();
        foreach (var person in new[] { first, second })
        {
            var browser = app.CreateBrowser();
            statuses.Add((await browser.GetAsync("/account/login")).StatusCode);
            statuses.Add((await browser.GetAsync("/account/forgot-password")).StatusCode);
            await RequestResetAsync(browser, person.LoginId);
            await RequestResetAsync(browser, person.LoginId);
            statuses.Add((await browser.GetAsync("/account/forgot-password?Sent=true")).StatusCode);
        }
        var reminder = app.CreateBrowser();
        statuses.Add((await reminder.GetAsync("/account/forgot-login-id")).StatusCode);
        await RequestLoginIdAsync(reminder, third.Email);

        await Mailbox.DeliverAsync(app);
        foreach (var person in new[] { first, second })
        {
            var browser = app.CreateBrowser();
            var mail = (await Mailbox.ReadAsync(app, person.Email)).Last();
            var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value).PathAndQuery;
            var page = await browser.GetAsync(link);
            statuses.Add(page.StatusCode);
            var done = await SetPasswordAsync(browser, page, "Brand#New2026");
            statuses.Add(done.StatusCode);
            Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null, "the new password is saved");
        }
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await Mailbox.ReadAsync(app, third.Email), Has.Count.EqualTo(1), "the reminder was sent");
    }

    [Test]
    public async Task ForgotPassword_SendsAtMostTenLinksPerAccountInADay_EvenSpreadOverTheDay()
    {
        var employee = await app.CreateEmployeeAsync();
        for (var i = 0; i < 12; i++)
        {
            await RequestResetAsync(app.CreateBrowser(), employee.LoginId);
            await Mailbox.DeliverAsync(app);
            app.Time.Advance(TimeSpan.FromMinutes(20));
        }
        Assert.That(await Mailbox.ReadAsync(app, employee.Email), Has.Count.EqualTo(10));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Count(a => a.Event == "PasswordResetRequested" && a.Reason == "LimitReached"), Is.EqualTo(2));
    }

    [Test]
    public async Task LoginPageLinks_LeadToBothRecoveryPages()
    {
        var browser = app.CreateBrowser();
        var login = await (await browser.GetAsync("/account/login")).ReadHtmlAsync();
        var links = login.QuerySelectorAll(".links a").Select(a => a.GetAttribute("href")!).ToList();

        Assert.That(links.Select(href => href.Split('?')[0]), Is.SupersetOf(new[] { "/account/forgot-password", "/account/forgot-login-id" }));
        foreach (var href in links)
        {
            Assert.That((await browser.GetAsync(href)).StatusCode, Is.EqualTo(HttpStatusCode.OK), href);
        }
    }

    /// <summary>Submits the forgot-password form and returns the text of the page the person ends on.</summary>
    private static async Task<string> RequestResetAsync(HttpClient browser, string loginId)
    {
        var form = await browser.GetAsync("/account/forgot-password");
        var posted = await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["LoginId"] = loginId });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return (await (await browser.GetAsync(posted.Headers.Location)).ReadHtmlAsync()).QuerySelector("main")!.TextContent;
    }

    private static async Task<string> RequestLoginIdAsync(HttpClient browser, string email)
    {
        var form = await browser.GetAsync("/account/forgot-login-id");
        var posted = await browser.SubmitFormAsync(await form.ReadHtmlAsync(), form.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Email"] = email });
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        return (await (await browser.GetAsync(posted.Headers.Location)).ReadHtmlAsync()).QuerySelector("main")!.TextContent;
    }

    private async Task<string> LatestLinkAsync(string address)
    {
        await Mailbox.DeliverAsync(app);
        var message = (await Mailbox.ReadAsync(app, address)).Last();
        var match = ResetLink().Match(message.TextBody ?? "");
        Assert.That(match.Success, Is.True, "the email carries the reset link");
        return new Uri(match.Value).PathAndQuery;
    }

    private static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient browser, HttpResponseMessage page, string password) =>
        await browser.SubmitFormAsync(await page.ReadHtmlAsync(), page.RequestMessage!.RequestUri!,
            new Dictionary<string, string> { ["Password"] = password, ["PasswordConfirmation"] = password });

    /// <summary>Sends every request with a forged <c>Host</c> header, as an attacker's script would.</summary>
    private sealed class HostHeader(string host) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?token=[A-Za-z0-9_\-%]+")]
    private static partial Regex ResetLink();
}
