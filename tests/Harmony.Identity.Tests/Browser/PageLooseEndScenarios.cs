using Microsoft.Playwright;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Issue 12 item 9 in Chromium: a password reset started from an app's login page ends back in the app, and after a
/// login error the focus is on the message, not on a field; the controls use the page's font.
/// </summary>
public sealed class PageLooseEndScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task PasswordReset_StartedFromAnAppsLogin_KeepsItsReturnUrl_AndSignsInBackIntoTheApp(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("reset-back-to-app", language);
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        var returnUrl = new Uri(person.Page.Url).Query;
        Assert.That(returnUrl, Does.Contain("ReturnUrl="), "the login page of an app's request");

        await person.ClickLinkAsync(SpecTexts.ForgotPassword(language));
        Assert.That(await BackToLoginAsync(person), Does.Contain("/connect/authorize"), "the back link keeps the app's request");
        await person.FillAsync("#login-id", employee.LoginId);
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("[role=status]"), Is.True);
        Assert.That(await BackToLoginAsync(person), Does.Contain("/connect/authorize"), "and so does the one after the request");
        await person.CheckPageAsync("request-received");

        await Mailbox.DeliverAsync(App);
        var link = (await Mailbox.ReadAsync(App, employee.Email)).Last().Links().Single(l => l.AbsolutePath == "/account/reset-password");
        Assert.That(Uri.UnescapeDataString(link.Query), Does.Contain("ReturnUrl=/connect/authorize"), "the emailed link carries it");
        await person.GotoAsync(link.ToString());
        await person.FillAsync("#new-password", "Brand#New2026");
        await person.FillAsync("#new-password-confirmation", "Brand#New2026");
        await person.SubmitAsync();
        Assert.That(await person.ExistsAsync("[role=status]"), Is.True);
        await person.CheckPageAsync("password-changed");

        await person.Page.Locator("#to-login").ClickAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        await person.SubmitLoginAsync(employee.LoginId, "Brand#New2026");
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()), "back in the app that sent the person to log in");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task LoginError_PutsTheFocusOnTheAlert_AndControlsUseThePageFont(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("login-error-focus", language);
        await person.GotoAsync("/account/login");
        await person.ChooseLanguageAsync();
        Assert.That(await ActiveElementIdAsync(person), Is.EqualTo("login-id"), "a fresh login page starts in the login ID field");

        await person.SubmitLoginAsync(employee.LoginId, "not-the-password");

        Assert.Multiple(async () =>
        {
            Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.InvalidCredentials(language)));
            Assert.That(await person.Page.GetAttributeAsync("#login-error", "role"), Is.EqualTo("alert"));
            Assert.That(await ActiveElementIdAsync(person), Is.EqualTo("login-error"), "the message has the focus, not a field");
            Assert.That(await person.Page.GetAttributeAsync("#login-id", "aria-describedby"), Is.EqualTo("login-error"));
        });
        var fonts = await person.Page.EvaluateAsync<string[]>(
            "() => ['body', 'button', 'input'].map(s => getComputedStyle(document.querySelector(s)).fontFamily)");
        Assert.That(fonts.Distinct().Single(), Does.Contain("Noto Sans CJK JP"), "buttons and inputs inherit the body's font");
        await person.CheckPageAsync("login-error");
    }

    private static Task<string> BackToLoginAsync(BrowserScenario person) =>
        person.Page.Locator("main a[href^='/account/login']").First.GetAttributeAsync("href").ContinueWith(t => Uri.UnescapeDataString(t.Result ?? ""));

    /// <summary>
    /// The id of the focused element. The browser applies <c>autofocus</c> once it has parsed the page, not always by the
    /// time navigation returns, so this waits (up to 5 s) for some element with an id to hold the focus, then reads it.
    /// </summary>
    private static async Task<string> ActiveElementIdAsync(BrowserScenario person)
    {
        try
        {
            await person.Page.WaitForFunctionAsync("() => !!document.activeElement?.id", null, new() { Timeout = 5000 });
        }
        catch (PlaywrightException)
        {
            // Nothing with an id took the focus: the assertion on the empty id says so.
        }
        return await person.Page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''");
    }
}
