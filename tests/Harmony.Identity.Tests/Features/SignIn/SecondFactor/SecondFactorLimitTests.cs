namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>Codes emailed to one account are limited per hour and per day (here 2 and 3), whichever way they are asked for.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.All))]
public sealed class SecondFactorLimitTests(TestDatabase database) : AppFixture(database)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Harmony:SignIn:CodesPerHour"] = "2",
        ["Harmony:SignIn:CodesPerDay"] = "3",
    };

    [Test]
    public async Task CodesAreCapped_PerHourAndPerDay_WithAClearMessage_AndTheCountHoldsAcrossBrowsers()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Email);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password);
        app.Time.Advance(TimeSpan.FromSeconds(61));
        var second = await CodePage.ResendAsync(browser, await browser.GetAsync(login.Headers.Location));
        Assert.That((await second.ReadHtmlAsync()).Text("[role=status]"), Does.Contain("新しい認証コードを送信しました"));

        app.Time.Advance(TimeSpan.FromSeconds(61));
        var third = await CodePage.ResendAsync(browser, await browser.GetAsync(login.Headers.Location));
        Assert.That((await third.ReadHtmlAsync()).Text("#code-message"), Does.Contain("認証コードの送信回数が上限に達した"));
        Assert.That(await CodePage.CodeEmailCountAsync(app, employee.Email), Is.EqualTo(2));

        // A new password step in another browser counts against the same account, and says so in its language.
        var elsewhere = app.CreateBrowser();
        var refused = await new OidcFlow(elsewhere).SignInAsync(employee.LoginId, employee.Password, new Dictionary<string, string> { ["ui_locales"] = "en" });
        Assert.That(refused.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        var loginPage = await (await elsewhere.GetAsync(refused.Headers.Location)).ReadHtmlAsync();
        Assert.That(loginPage.Text("[role=alert] .alert-title"), Does.Contain("Too many verification codes have been sent"));
        Assert.That(await CodePage.CodeEmailCountAsync(app, employee.Email), Is.EqualTo(2));

        // An hour later one more fits the day; then the day is full even when the hour is not.
        app.Time.Advance(TimeSpan.FromHours(1));
        var later = await new OidcFlow(elsewhere).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(later.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"));
        Assert.That(await CodePage.CodeEmailCountAsync(app, employee.Email), Is.EqualTo(3));
        app.Time.Advance(TimeSpan.FromHours(2));
        var dayFull = await new OidcFlow(elsewhere).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(dayFull.Headers.Location!.PathOnly(), Is.EqualTo("/account/login"));
        Assert.That((await (await elsewhere.GetAsync(dayFull.Headers.Location)).ReadHtmlAsync()).Text("[role=alert] .alert-title"),
            Does.Contain("Too many verification codes have been sent"), "this browser chose English");
        Assert.That(await CodePage.CodeEmailCountAsync(app, employee.Email), Is.EqualTo(3));

        app.Time.Advance(TimeSpan.FromDays(1));
        var nextDay = await new OidcFlow(elsewhere).SignInAsync(employee.LoginId, employee.Password);
        Assert.That(nextDay.Headers.Location!.PathOnly(), Is.EqualTo("/account/verify-code"));
        var audit = await app.AuditOfAsync(employee.Id);
        Assert.That(audit.Count(a => a.Event == AuditEvents.SecondFactorFailed && a.Reason == AuditReasons.CodeLimit), Is.EqualTo(3));
    }
}
