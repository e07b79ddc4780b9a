using Microsoft.Playwright;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Passkeys in Chromium (issue 13 item 3, decision 0030), with DevTools' virtual authenticator as the employee's
/// fingerprint reader: register on /account/passkeys, sign in from the login page with the passkey alone, and the
/// refusals after the passkey is removed and after the account is suspended.
/// </summary>
public sealed class PasskeyScenarios : BrowserFixture
{
    /// <summary>WebAuthn takes no IP address as relying party: this fixture's server is reached as <c>localhost</c>.</summary>
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { [BrowserIdentityServer.HostNameSetting] = "localhost" };

    [TestCase("ja")]
    [TestCase("en")]
    public async Task PasskeyRegisteredOnThePasskeysPage_SignsInAlone_WithHwkAndMfa_AndOnceRemovedIsRefusedWithAMessage(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("passkey", language);
        var authenticator = await VirtualAuthenticator.AttachAsync(person.Page);

        await SignInWithPasswordAsync(person, employee);
        await CreatePasskeyAsync(person, "Test laptop");
        Assert.That(await authenticator.CredentialCountAsync(), Is.EqualTo(1), "the authenticator holds the new passkey");
        Assert.That(await person.TextAsync("#passkey-list"), Does.Contain("Test laptop"));
        var never = language == "ja" ? "未使用" : "never";
        Assert.That(await person.TextAsync(".passkey p.hint"), Does.EndWith(never), "a new passkey was never used");
        await person.CheckPageAsync("passkey-added");

        await Mailbox.DeliverAsync(App);
        var notice = (await Mailbox.ReadAsync(App, employee.Email)).Last();
        Assert.That(notice.Subject, Does.Contain("パスキーが追加されました"), "the notice is in the employee's email language (Japanese here)");

        // Signed out: the passkey alone, no login ID, no password.
        await person.Context.ClearCookiesAsync();
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        Assert.That(await person.ExistsAsync("#passkey-signin"), Is.True, "the login page offers the passkey where the browser has WebAuthn");
        await person.CheckPageAsync("login-with-passkey-button");
        // The code is read from the authorization endpoint's redirect (the app's callback itself is answered inside the
        // browser, which does not always happen for a navigation a script started).
        var redirect = person.Page.WaitForResponseAsync(r => r.Url.Contains("/connect/authorize", StringComparison.Ordinal) && r.Status == 302 &&
                                                            r.Headers.GetValueOrDefault("location", "").StartsWith(HarmonyAppFactory.RedirectUri, StringComparison.Ordinal));
        await SignInWithPasskeyAsync(person);
        var code = CodeOf(await redirect, app);
        // Wherever that navigation ends (the app's page, or the browser's own error page), it ends before the next one.
        try
        {
            await person.Page.WaitForURLAsync(url => !url.StartsWith(Server.BaseUrl.ToString(), StringComparison.Ordinal));
        }
        catch (PlaywrightException failed) when (failed.Message.Contains("ERR_NAME_NOT_RESOLVED", StringComparison.Ordinal))
        {
            // The callback went to the network instead of the scenario's route: the code was read above all the same.
        }
        var (_, idToken) = await app.RedeemAsync(code);
        var amr = idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ToList();
        Assert.That(amr, Does.Contain("hwk").And.Contain("mfa"), "a device-bound passkey is a hardware key and both factors");
        Assert.That(amr, Does.Not.Contain("pwd"));

        // The session the passkey opened may remove it (its sign-in is recent).
        await OpenPasskeysPageAsync(person);
        Assert.That(await person.TextAsync(".passkey p.hint"), Does.Not.EndWith(never), "the sign-in is its last use");
        await person.Page.ClickAsync(".passkey-delete button");
        await person.Page.WaitForURLAsync(url => url.Contains("done=removed", StringComparison.Ordinal));
        Assert.That(await person.ExistsAsync("#passkeys-none"), Is.True);

        await person.Context.ClearCookiesAsync();
        await new BrowserRelyingParty(person, Server).StartAsync();
        var rejectedBefore = await RejectedPasskeyAttemptsAsync();
        await SignInWithPasskeyAsync(person);
        await person.Page.WaitForSelectorAsync("#login-error");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        Assert.That(await person.TextAsync("#login-error"),
            Does.Contain(language == "ja" ? "このパスキーではログインできません" : "This passkey cannot be used to log in"));
        await person.CheckPageAsync("passkey-removed-refused");
        Assert.That(await RejectedPasskeyAttemptsAsync(), Is.EqualTo(rejectedBefore + 1), "the refused assertion is audited");
    }

    [TestCase("ja")]
    [TestCase("en")]
    public async Task SuspendedEmployee_PasskeySignIn_IsRefusedLikeAWrongPassword(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("passkey-suspended", language);
        await VirtualAuthenticator.AttachAsync(person.Page);
        await SignInWithPasswordAsync(person, employee);
        await CreatePasskeyAsync(person, null);

        await App.WithServicesAsync(services => services.GetRequiredService<AccountLifecycle>().SuspendAsync(employee.Id, "test"));
        await person.Context.ClearCookiesAsync();
        await new BrowserRelyingParty(person, Server).StartAsync();
        await SignInWithPasskeyAsync(person);
        await person.Page.WaitForSelectorAsync("#login-error");

        Assert.That(await person.TextAsync("#login-error .alert-title"),
            Is.EqualTo(language == "ja" ? "無効なログインIDまたはパスワードです。" : "Invalid login ID or password."),
            "the gate refuses a suspended account with the password path's words, telling nothing more");
        await person.CheckPageAsync("passkey-suspended");
        Assert.That((await App.AuditOfAsync(employee.Id)).Last().Reason, Is.EqualTo(nameof(AccountAccess.Suspended)));
    }

    /// <summary>Presses "sign in with a passkey"; the virtual authenticator answers, the script posts the answer.</summary>
    private static async Task SignInWithPasskeyAsync(BrowserScenario person)
    {
        // The navigation is the script's (after the authenticator answered), not the click's: the caller waits for where it lands.
        await person.Page.Locator("#passkey-signin").WaitForAsync();
        await person.Page.EvaluateAsync("() => document.getElementById('passkey-signin').click()");
    }

    private static string CodeOf(IResponse redirect, BrowserRelyingParty app)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(redirect.Headers["location"]).Query);
        Assert.That(query["state"].ToString(), Is.EqualTo(app.Flow.State));
        return query["code"].ToString();
    }

    private Task<int> RejectedPasskeyAttemptsAsync() => App.WithServicesAsync(services =>
        services.GetRequiredService<HarmonyDbContext>().AuditEvents.CountAsync(a => a.Event == AuditEvents.SignInFailed && a.Reason == "PasskeyRejected"));

    private async Task SignInWithPasswordAsync(BrowserScenario person, TestEmployee employee)
    {
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        await app.ReceiveCodeAsync();
    }

    private static async Task OpenPasskeysPageAsync(BrowserScenario person)
    {
        // After the passkey sign-in, the navigation its script started (to the app's callback, which Chromium may send to
        // the network and fail late) can still be running and interrupt this one: the session is untouched, so the page
        // is opened again, a few times at most.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await person.GotoAsync("/account/passkeys");
                break;
            }
            catch (PlaywrightException interrupted) when (attempt < 4 && interrupted.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
            {
                await person.Page.WaitForLoadStateAsync(LoadState.Load);
            }
        }
        if (await person.Page.GetAttributeAsync("html", "lang") != person.Language) await person.ChooseLanguageAsync();
        Assert.That(person.CurrentPath, Is.EqualTo("/account/passkeys"));
    }

    private static async Task CreatePasskeyAsync(BrowserScenario person, string? name)
    {
        await OpenPasskeysPageAsync(person);
        Assert.That(await person.ExistsAsync("#create-passkey"), Is.True, "a browser with WebAuthn gets the button");
        Assert.That(await person.ExistsAsync("#passkeys-unsupported"), Is.False);
        await person.CheckPageAsync("passkeys");
        if (name is not null) await person.FillAsync("#passkey-name", name);
        await person.Page.ClickAsync("#create-passkey");
        await person.Page.WaitForURLAsync(url => url.Contains("done=added", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Load });
        Assert.That(await person.ExistsAsync("#passkeys-status"), Is.True, await person.TextAsync("main"));
    }
}
