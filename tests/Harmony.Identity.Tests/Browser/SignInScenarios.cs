using Microsoft.Playwright;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// The login page in Chromium: a full sign-in from an app, and the messages of FAQ Q1 (wrong password, unknown login
/// ID, suspended account), Q2 (inactive company) and Q3 (lockout), in Japanese and in English.
/// </summary>
public sealed class SignInScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task Employee_SignsInFromTheApp_WhichRedeemsTheCodeForTokens_ThenLogsOut(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("sign-in", language);
        var app = new BrowserRelyingParty(person, Server);

        await app.StartAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        Assert.That(await person.Page.GetByRole(AriaRole.Link, new() { Name = SpecTexts.ForgotLoginId(language), Exact = true }).CountAsync(), Is.EqualTo(1));
        Assert.That(await person.Page.GetByRole(AriaRole.Link, new() { Name = SpecTexts.ForgotPassword(language), Exact = true }).CountAsync(), Is.EqualTo(1));
        Assert.That(await person.Page.Locator(".languages a").AllInnerTextsAsync(), Is.EqualTo(new[] { "日本語", "English" }));
        Assert.That(await person.ExistsAsync("footer a[href='/help']"), Is.True, "a link to help on every page");
        await person.CheckPageAsync("login");

        // A phone-sized screen (also what 200 % zoom leaves of a small laptop): the page reflows, nothing scrolls sideways.
        await person.Page.SetViewportSizeAsync(375, 740);
        Assert.That(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), Is.True,
            "no horizontal scrolling at 375 px");
        await person.CheckPageAsync("login-phone");
        await person.Page.SetViewportSizeAsync(1280, 800);

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()), "sub is the stable ID, never the login ID");
        Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(employee.LoginId));

        // RP-initiated logout without an ID token hint: the person confirms, then sees the signed-out page.
        await person.GotoAsync("/connect/endsession");
        await person.CheckPageAsync("log-out");
        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/signed-out"));
        await person.CheckPageAsync("logged-out");

        await new BrowserRelyingParty(person, Server).StartAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"), "the session has ended");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q1_WrongPasswordOrUnknownLoginId_ShowTheInvalidMessage_WithItsHelpAnswer(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("q1-wrong-password", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, "Wrong#Password1");
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.InvalidCredentials(language)));
        Assert.That(await person.Page.InputValueAsync("#password"), Is.Empty, "the password is never echoed back");
        await person.CheckPageAsync("invalid");

        await person.SubmitLoginAsync("nobody-" + employee.LoginId, employee.Password);
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.InvalidCredentials(language)),
            "an unknown login ID gets the same words");

        await person.Page.Locator("#login-error a[href='/help#q1']").ClickAsync();
        await person.Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.That(person.Page.Url, Does.EndWith("/help#q1"));
        Assert.That(await person.TextAsync("#q1 h2"), Does.Contain(SpecTexts.InvalidCredentials(language)));
        Assert.That(await person.TextAsync("#q1"), Does.Contain(SpecTexts.ForgotLoginId(language)).And.Contain(SpecTexts.ForgotPassword(language)));
        await person.CheckPageAsync("help");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q1_SuspendedAccount_ShowsTheSameInvalidMessage_EvenWithTheRightPassword(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        await App.WithServicesAsync(services =>
            services.GetRequiredService<AccountLifecycle>().SuspendAsync(employee.Id, "browser-test"));
        var person = await StartScenarioAsync("q1-suspended", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);

        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.InvalidCredentials(language)));
        Assert.That(await person.TextAsync("#login-error"), Does.Contain(SpecTexts.CompanyRepresentative(language)),
            "the next step names who can resume access (FAQ A1 cause 2)");
        await person.CheckPageAsync("invalid");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q2_InactiveCompany_ShowsFailedToConnect_WithAReferenceCodeTheSupportDeskFinds(string language)
    {
        var employee = await App.CreateEmployeeAsync(companyActive: false);
        var person = await StartScenarioAsync("q2-failed-to-connect", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);

        Assert.That(person.CurrentPath, Is.EqualTo("/account/failed-to-connect"));
        Assert.That(await person.TextAsync("h1"), Is.EqualTo(SpecTexts.FailedToConnect));
        var code = await person.TextAsync("#reference-code");
        Assert.That(code, Does.Match("^[A-Z0-9]{4}-[A-Z0-9]{4}$"));
        var audit = await App.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().AuditEvents
            .AsNoTracking().SingleAsync(a => a.ReferenceCode == code));
        Assert.That(audit.UserId, Is.EqualTo(employee.Id), "the code leads the support desk to the account");

        var main = await person.TextAsync("main");
        if (language == "ja") Assert.That(main, Does.Contain(SpecTexts.FreeCall), "Japanese pages show the support desk");
        else Assert.That(main, Does.Contain(SpecTexts.CompanyRepresentative(language)).And.Not.Contain(SpecTexts.FreeCall));
        Assert.That(await person.ExistsAsync("main a[href='/help#q2']"), Is.True);
        await person.CheckPageAsync("failed-to-connect");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q3_FiveWrongPasswords_LockTheLoginId_AndAnUnknownOneTheSameWay(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("q3-locked", language);
        await new BrowserRelyingParty(person, Server).StartAsync();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await person.SubmitLoginAsync(employee.LoginId, $"Wrong#Password{attempt}");
            Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.InvalidCredentials(language)), $"attempt {attempt}");
        }
        await person.SubmitLoginAsync(employee.LoginId, "Wrong#Password5");
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.Locked(language)), "the fifth wrong password locks");
        await person.CheckPageAsync("locked");

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.Locked(language)),
            "the right password does not open a locked account");
        var alert = await person.TextAsync("#login-error");
        Assert.That(alert, Does.Contain("24"), "it says when the lock ends");
        if (language == "ja") Assert.That(alert, Does.Contain(SpecTexts.FreeCall));
        else Assert.That(alert, Does.Contain(SpecTexts.CompanyRepresentative(language)));

        var unknown = "nobody-" + employee.LoginId;
        for (var attempt = 1; attempt <= 5; attempt++) await person.SubmitLoginAsync(unknown, $"Wrong#Password{attempt}");
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.Locked(language)),
            "a login ID that does not exist looks locked after as many failures");

        await person.Page.Locator("#login-error a[href='/help#q3']").ClickAsync();
        await person.Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.That(await person.TextAsync("#q3 h2"), Does.Contain(SpecTexts.Locked(language)));
        await person.CheckPageAsync("help");
    }
}
