using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// Issue 13 item 5 in Chromium (decision 0031): the employee opens My account, signs in on the way, fails and then
/// succeeds to change the password, saves the language, sees the sign-ins and this device, and signs out everywhere.
/// </summary>
public sealed class MyAccountScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task MyAccount_SignInOnTheWay_ChangePassword_Language_Sessions_AndSignOutEverywhere(string language)
    {
        var employee = await App.CreateEmployeeAsync();
        var person = await StartScenarioAsync("my-account", language);
        var english = language == "en";

        await person.GotoAsync("/account");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"), "a session is needed first");
        await person.ChooseLanguageAsync();
        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account"), "the login page returns to My account");
        Assert.That(await person.TextAsync("h1"), Is.EqualTo(english ? "My account" : "アカウント設定"));
        Assert.That(await person.TextAsync("#sessions .this-device"), Is.EqualTo(english ? "This device" : "この端末"));
        Assert.That(await person.TextAsync("#sessions .session-device"), Does.Contain("Chrome"));
        await person.CheckPageAsync("my-account");

        await person.FillAsync("#current-password", "Wrong#Password1");
        await person.FillAsync("#new-password", "Password1!");
        await person.FillAsync("#new-password-confirmation", "Password1!");
        await person.SubmitAsync("#change-password");
        Assert.That(await person.TextAsync("#CurrentPassword-errors"),
            Does.StartWith(english ? "Your current password is not correct." : "現在のパスワードが正しくありません。"));
        Assert.That(await person.TextAsync("#Password-errors"),
            Is.EqualTo(CredentialRuleTexts.Message(CredentialRuleCodes.PasswordCommon, person.Culture, PasswordPolicy.Faq)));
        Assert.That(await person.ExistsAsync("#failed-sign-ins"), Is.True, "the wrong current password is listed as a failed attempt");
        await person.CheckPageAsync("password-refused");

        await person.FillAsync("#current-password", employee.Password);
        await person.FillAsync("#new-password", "Brand#NewPass7");
        await person.FillAsync("#new-password-confirmation", "Brand#NewPass7");
        await person.SubmitAsync("#change-password");
        Assert.That(await person.TextAsync("#account-status"),
            Does.StartWith(english ? "Your password was changed." : "パスワードを変更しました。"));
        await person.CheckPageAsync("password-changed");

        await person.Page.Locator(english ? "#language-en" : "#language-ja").CheckAsync();
        await person.SubmitAsync("#change-language");
        Assert.That(await person.TextAsync("#account-status"), Is.EqualTo(english ? "Your language was saved." : "表示言語を保存しました。"));
        Assert.That((await App.ReadUserAsync(employee.Id)).Locale, Is.EqualTo(language));
        await person.CheckPageAsync("language-saved");

        await person.SubmitAsync("#sign-out-everywhere");
        Assert.That(person.CurrentPath, Is.EqualTo("/signed-out"));
        await person.CheckPageAsync("signed-out-everywhere");
        await person.GotoAsync("/account");
        Assert.That(person.CurrentPath, Is.EqualTo("/account/login"), "this browser is signed out too");
    }
}
