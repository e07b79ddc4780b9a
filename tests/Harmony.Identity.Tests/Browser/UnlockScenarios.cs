namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// FAQ Q3, self-service, in Chromium (issue 13 item 1): five wrong passwords lock the account, its email carries an
/// unlock link, the page behind it releases the lock with a button, and the right password signs in at once, long
/// before the 24 hours are over.
/// </summary>
public sealed class UnlockScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q3_FiveWrongPasswords_TheUnlockEmail_TheLink_AndTheRightPasswordSignsIn(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        await App.WithServicesAsync(services => services.GetRequiredService<HarmonyDbContext>().Users
            .Where(u => u.Id == employee.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Locale, language)));
        var person = await StartScenarioAsync("q3-unlock-by-email", language);
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();

        for (var attempt = 1; attempt <= 5; attempt++) await person.SubmitLoginAsync(employee.LoginId, $"Wrong#Password{attempt}");
        Assert.That(await person.TextAsync("#login-error .alert-title"), Is.EqualTo(SpecTexts.Locked(language)));
        Assert.That(await person.TextAsync("#login-error"), Does.Contain(language == "ja" ? "メールをお送りしました" : "we have sent it an email"),
            "the locked message says an email was sent");
        await person.CheckPageAsync("locked");

        await Mailbox.DeliverAsync(App);
        var email = (await Mailbox.ReadAsync(App, employee.Email)).Single();
        Assert.That(email.Subject, Does.Contain(language == "ja" ? "アカウントのロックを解除する" : "Unlock your account"), "in the account's language");
        var link = email.Links().Single(l => l.AbsolutePath == "/account/unlock");
        Assert.That(link.GetLeftPart(UriPartial.Authority) + "/", Is.EqualTo(Server.BaseUrl.ToString()), "the link points at this server");

        await person.GotoAsync(link.ToString());
        await person.CheckPageAsync("unlock");
        await person.SubmitAsync("#unlock");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"));
        Assert.That(await person.TextAsync("#login-status"),
            Is.EqualTo(language == "ja" ? "ロックを解除しました。パスワードを入力してログインしてください。" : "Your account is unlocked. Enter your password to log in."));
        await person.CheckPageAsync("unlocked");

        // The login page kept the app's request: the right password goes straight back to the app.
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()));

        await person.GotoAsync(link.ToString());
        Assert.That(await person.ExistsAsync("#unlock"), Is.False, "the link works once");
        await person.CheckPageAsync("link-used");
    }
}
