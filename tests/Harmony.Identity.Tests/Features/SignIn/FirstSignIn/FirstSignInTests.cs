using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>FAQ Q10 and Q11: the first sign-in with temporary credentials, and their expiry.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed partial class FirstSignInTests(TestDatabase database) : AppFixture(database)
{
    /// <summary>Its tests move the clock.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [TestCase("ja", "ログインIDとパスワードの設定", "ログインIDの設定ルール")]
    [TestCase("en", "Set your login ID and password", "Login ID rules")]
    public async Task TemporaryCredentials_LeadToTheConversionPage_WithTheRulesBesideTheFields(string language, string title, string rulesTitle)
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var response = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales(language));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
        var page = await (await browser.GetAsync(response.Headers.Location)).ReadHtmlAsync();
        Assert.Multiple(() =>
        {
            Assert.That(page.Text("h1"), Is.EqualTo(title));
            Assert.That(page.Text("#login-id-rules .rules-title"), Is.EqualTo(rulesTitle));
            Assert.That(page.QuerySelectorAll("#login-id-rules li"), Has.Length.GreaterThanOrEqualTo(2));
            Assert.That(page.QuerySelectorAll("#password-rules li"), Has.Length.GreaterThanOrEqualTo(6));
            Assert.That(page.QuerySelector("label[for=new-login-id]"), Is.Not.Null);
            Assert.That(page.QuerySelector("label[for=new-password-confirmation]"), Is.Not.Null);
        });
    }

    [Test]
    public async Task TemporaryCredentials_GetNoTokenBeforeConversion()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);

        var authorize = await browser.GetAsync(new OidcFlow(browser).AuthorizeUrl());
        Assert.That(authorize.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"), "no session until the conversion is done");
    }

    [Test]
    public async Task Conversion_ContinuesToTheApp_AndTheTemporaryLoginIdStopsWorking()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var newLoginId = "yamada-" + Guid.NewGuid().ToString("N")[..6];

        var converted = await ConvertAsync(browser, await flow.SignInAsync(employee.LoginId, employee.Password), newLoginId, "Permanent#Pass1");
        var tokens = await flow.RedeemCodeAsync(await flow.FollowToCodeAsync(converted));
        var idToken = await flow.ValidateIdTokenAsync(tokens.IdToken!);
        Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(newLoginId));
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()), "the subject never changes");

        var user = await app.ReadUserAsync(employee.Id);
        Assert.That(user.CredentialKind, Is.EqualTo(CredentialKind.Permanent));
        Assert.That(user.TemporaryExpiresAt, Is.Null);
        Assert.That((await app.AuditOfAsync(employee.Id)).Select(a => a.Event), Does.Contain(AuditEvents.CredentialsConverted));

        var old = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, employee.Password)).ReadHtmlAsync();
        Assert.That(old.Text("[role=alert] .alert-title"), Is.EqualTo("無効なログインIDまたはパスワードです。"));
        var again = new OidcFlow(app.CreateBrowser());
        Assert.That(await again.FollowToCodeAsync(await again.SignInAsync(newLoginId, "Permanent#Pass1")), Is.Not.Empty);
    }

    [TestCase("ja", "パスワードに半角の英大文字(A～Z)を1文字以上含めてください。", "ログインIDには半角の英小文字")]
    [TestCase("en", "Include at least one uppercase letter (A–Z).", "The login ID can contain only lowercase letters")]
    public async Task Conversion_NamesEachFailedRule_InThePageLanguage(string language, string passwordRule, string loginIdRule)
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var response = await ConvertAsync(browser, await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales(language)),
            "Bad_ID", "lowercase#only");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.ReadHtmlAsync();
        Assert.That(page.Text("#Password-errors"), Does.Contain(passwordRule));
        Assert.That(page.Text("#LoginId-errors"), Does.Contain(loginIdRule));
        Assert.That(page.QuerySelectorAll("[role=alert] .error-list a").Select(a => a.GetAttribute("href")),
            Is.SupersetOf(new[] { "#new-login-id", "#new-password" }), "the summary links to the fields");
        Assert.That(page.QuerySelector("#new-password")!.GetAttribute("value"), Is.Null, "passwords are never echoed");
        Assert.That((await app.ReadUserAsync(employee.Id)).CredentialKind, Is.EqualTo(CredentialKind.Temporary));
    }

    [Test]
    public async Task Conversion_RefusesALoginIdSomeoneElseHas_AndTheTemporaryPasswordItself()
    {
        var other = await app.CreateEmployeeAsync();
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var taken = await (await ConvertAsync(browser, await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password),
            other.LoginId, "Fresh#Pass123")).ReadHtmlAsync();
        Assert.That(taken.Text("#LoginId-errors"), Is.EqualTo("このログインIDは既に使用されています。別のログインIDを入力してください。"));

        var reused = await (await ConvertAsync(browser, await browser.GetAsync("/account/first-sign-in"),
            "fresh-" + Guid.NewGuid().ToString("N")[..6], "Temp#Pass123")).ReadHtmlAsync();
        Assert.That(reused.Text("#Password-errors"), Is.EqualTo("直近5回に使用したパスワードと同じパスワードは使用できません。"));
    }

    [Test]
    public async Task PasswordHistory_RefusesTheFifthPreviousPassword_AndAcceptsTheSixth()
    {
        var employee = await app.CreateEmployeeAsync("History#0");
        var (fifth, sixth) = await app.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HarmonyDbContext>();
            var users = services.GetRequiredService<UserManager<HarmonyUser>>();
            var history = services.GetRequiredService<PasswordHistory>();
            var user = await db.Users.SingleAsync(u => u.Id == employee.Id);
            // History#0 is recorded; five more changes make it the sixth most recent and History#1 the fifth.
            for (var i = 1; i <= 5; i++)
            {
                user.PasswordHash = users.PasswordHasher.HashPassword(user, $"History#{i}");
                await history.RecordAsync(user);
                await db.SaveChangesAsync();
            }
            return (await history.WasUsedRecentlyAsync(user, "History#1"), await history.WasUsedRecentlyAsync(user, "History#0"));
        });
        Assert.That(fifth, Is.True, "the 5th previous password is refused");
        Assert.That(sixth, Is.False, "the 6th previous password is accepted");
    }

    [TestCase("ja", "仮ログインID/パスワードの有効期限が切れました", "再発行")]
    [TestCase("en", "Your temporary ID and password have expired", "reissue")]
    public async Task ExpiredTemporaryCredentials_ShowTheExpiredMessage_AndWhatToDo(string language, string expired, string next)
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary, temporaryValidFor: TimeSpan.FromDays(30));
        app.Time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));

        var browser = app.CreateBrowser();
        var response = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales(language));
        // The expired-credentials page (decision 0028), which keeps the FAQ's message.
        Assert.That(response.Headers.Location!.ToString(), Does.StartWith("/account/temporary-expired"));
        var page = await (await browser.GetAsync(response.Headers.Location)).ReadHtmlAsync();
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo(expired));
        Assert.That(page.Text("[role=alert]"), Does.Contain(next));
        Assert.That((await app.AuditOfAsync(employee.Id)).Last().Reason, Is.EqualTo("TemporaryExpired"));
    }

    [Test]
    public async Task ExpiredTemporaryCredentials_WithAWrongPassword_SayOnlyInvalid()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary, temporaryValidFor: TimeSpan.FromDays(1));
        app.Time.Advance(TimeSpan.FromDays(2));
        var page = await (await new OidcFlow(app.CreateBrowser()).SignInAsync(employee.LoginId, "Wrong#Pass123")).ReadHtmlAsync();
        Assert.That(page.Text("[role=alert] .alert-title"), Is.EqualTo("無効なログインIDまたはパスワードです。"),
            "expiry is only revealed to someone who knows the password");
    }

    [Test]
    public async Task Conversion_ThatFailsHalfWay_LeavesTheTemporaryCredentialsIntact()
    {
        // From the shared server, whose clock this fixture's other tests do not move.
        using var failing = SharedServers.Of<HarmonyAppFactory>(database: Database).WithDatabaseInterceptor(new FailOnAudit(AuditEvents.CredentialsConverted));
        var employee = await CreateTemporaryAsync(failing.Services);
        var browser = failing.CreateClient(new() { AllowAutoRedirect = false });
        var newLoginId = "half-" + Guid.NewGuid().ToString("N")[..6];

        var response = await ConvertAsync(browser, await new OidcFlow(browser).SignInAsync(employee.LoginId, "Temp#Pass123"), newLoginId, "Permanent#Pass1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));

        await using var scope = failing.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<HarmonyDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == employee.Id);
        Assert.That(user.UserName, Is.EqualTo(employee.LoginId));
        Assert.That(user.CredentialKind, Is.EqualTo(CredentialKind.Temporary));
        var again = await new OidcFlow(failing.CreateClient(new() { AllowAutoRedirect = false })).SignInAsync(employee.LoginId, "Temp#Pass123");
        Assert.That(again.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"), "the temporary credentials still work");
    }

    private static async Task<TestEmployee> CreateTemporaryAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<HarmonyDbContext>();
        var company = new Company { Code = "half" + Guid.NewGuid().ToString("N")[..8], NameJa = "途中", NameEn = "Half" };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var user = new HarmonyUser
        {
            UserName = "tmp_" + Guid.NewGuid().ToString("N")[..8],
            CompanyId = company.Id,
            CredentialKind = CredentialKind.Temporary,
            TemporaryExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
        };
        Assert.That((await services.GetRequiredService<UserManager<HarmonyUser>>().CreateAsync(user, "Temp#Pass123")).Succeeded);
        return new TestEmployee(user.Id, user.UserName, "Temp#Pass123", "", company.Id);
    }

    /// <summary>Fails the conversion's second write (history and audit), after the account row was updated.</summary>
    private static Dictionary<string, string> UiLocales(string language) => new() { ["ui_locales"] = language };

    /// <summary>Follows the login page's redirect to the conversion page and submits it.</summary>
    private static async Task<HttpResponseMessage> ConvertAsync(HttpClient browser, HttpResponseMessage loginOrPage, string loginId, string password)
    {
        var page = loginOrPage;
        if (loginOrPage.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.That(loginOrPage.Headers.Location!.PathOnly(), Is.EqualTo("/account/first-sign-in"));
            page = await browser.GetAsync(loginOrPage.Headers.Location);
        }
        var uri = page.RequestMessage!.RequestUri!;
        return await browser.SubmitFormAsync(await page.ReadHtmlAsync(), uri, new Dictionary<string, string>
        {
            ["Input.LoginId"] = loginId,
            ["Input.Password"] = password,
            ["Input.PasswordConfirmation"] = password,
        });
    }
}
