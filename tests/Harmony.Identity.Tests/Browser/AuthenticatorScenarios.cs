using System.Text.RegularExpressions;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Issue 13 item 3 in Chromium: an employee of a company with the policy <c>Authenticator</c> signs in, sets the app
/// up from the manual key (the scenario computes the app's codes itself, RFC 6238), keeps the recovery codes, signs
/// out, signs in again with a computed code, and a recovery code works once and only once.
/// </summary>
public sealed partial class AuthenticatorScenarios : BrowserFixture
{
    /// <summary>A code is good once per 30-second step: the scenario moves the clock between sign-ins.</summary>
    protected override string Group => ServerGroups.MovesClock;

    [TestCase("ja")]
    [TestCase("en")]
    public async Task PolicyAuthenticator_EnrolBySetupKey_SignInAgainWithAComputedCode_RecoveryCodeOnce(string language)
    {
        var employee = await App.CreateEmployeeAsync(company: c => c.Policy.SecondFactor = SecondFactorMode.Authenticator);
        var person = await StartScenarioAsync("totp", language);
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();

        // The password, then the email code: the mailbox is proved before an authenticator is bound.
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/verify-code"));
        await Mailbox.DeliverAsync(App);
        var emailCode = SixDigits().Match((await Mailbox.ReadAsync(App, employee.Email)).Last().Text()).Value;
        await person.FillAsync("#code", emailCode);
        await person.SubmitAsync();

        Assert.That(person.CurrentPath, Is.EqualTo("/account/enrol-authenticator"));
        await person.CheckPageAsync("enrol");
        Assert.That(await person.ExistsAsync("img.qr-code"), Is.True, "the QR code is shown");
        Assert.That(await person.TextAsync("#issuer"), Is.EqualTo("Harmony"));
        var key = (await person.TextAsync("#manual-key")).Replace(" ", "", StringComparison.Ordinal);
        await person.FillAsync("#code", TestTotp.Code(key, Server.Time.GetUtcNow()));
        await person.SubmitAsync("#setup-form button[type=submit]");

        await person.CheckPageAsync("recovery-codes");
        var recoveryCodes = await person.Page.Locator("#recovery-codes code").AllInnerTextsAsync();
        Assert.That(recoveryCodes, Has.Count.EqualTo(10));
        await person.SubmitAsync("#continue");
        var (_, first) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(first.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Does.Contain("otp").And.Contain("mfa"));
        await SignOutAsync(person);

        // Next time: the app's code, computed for the next time step.
        Server.Time.Advance(TimeSpan.FromSeconds(30));
        app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/authenticator-code"));
        await person.CheckPageAsync("code");
        await person.FillAsync("#code", TestTotp.Code(key, Server.Time.GetUtcNow()));
        await person.SubmitAsync();
        var (_, second) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(second.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Does.Contain("otp").And.Contain("mfa"));

        // With the session: the employee's own page says the app is set up, with ten unused recovery codes.
        await person.GotoAsync("/account/authenticator");
        Assert.That(await person.TextAsync("#authenticator-status"), Does.Contain("10"));
        Assert.That(await person.ExistsAsync("#remove"), Is.False, "the company requires the app: it can be replaced, not removed");
        await person.CheckPageAsync("account-page");
        await SignOutAsync(person);

        // A recovery code instead, once.
        var recovered = await SignInWithRecoveryCodeAsync(person, employee, recoveryCodes[0], "recovery");
        await recovered.ReceiveCodeAsync();
        await SignOutAsync(person);

        await SignInWithRecoveryCodeAsync(person, employee, recoveryCodes[0], "recovery-used");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/authenticator-code"), "the used code opens nothing");
        Assert.That(await person.TextAsync("#code-message"), Does.Contain(language == "ja" ? "すでに使用されています" : "has already been used"));
        await person.CheckPageAsync("recovery-used");
    }

    private async Task<BrowserRelyingParty> SignInWithRecoveryCodeAsync(BrowserScenario person, TestEmployee employee, string recoveryCode, string step)
    {
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        await person.Page.Locator("#use-recovery").ClickAsync();
        await person.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
        await person.CheckPageAsync(step + "-page");
        await person.FillAsync("#code", recoveryCode);
        await person.SubmitAsync();
        return app;
    }

    private static async Task SignOutAsync(BrowserScenario person)
    {
        await person.GotoAsync("/connect/endsession");
        await person.SubmitAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/signed-out"));
    }

    [GeneratedRegex(@"(?<!\d)\d{6}(?!\d)")]
    private static partial Regex SixDigits();
}
