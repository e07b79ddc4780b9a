using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Browser;

/// <summary>FAQ Q10 in Chromium: converting temporary credentials, each failed rule named, then on to the app.</summary>
public sealed partial class FirstSignInScenarios : BrowserFixture
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q10_Conversion_NamesEachFailedRule_ThenContinuesToTheAppWithTheNewLoginId(string language)
    {
        var employee = await App.CreateEmployeeAsync(password: "Temp#Pass123", kind: CredentialKind.Temporary);
        var person = await StartScenarioAsync("q10-conversion", language);
        var app = new BrowserRelyingParty(person, Server);
        await app.StartAsync();

        await person.SubmitLoginAsync(employee.LoginId, employee.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/first-sign-in"));
        Assert.That(await person.TextAsync("main .intro"), Does.Contain(employee.LoginId));
        Assert.That(await person.Page.Locator("#login-id-rules li").AllInnerTextsAsync(),
            Is.EqualTo(CredentialRuleTexts.LoginIdRuleList(person.Culture)), "the whole login ID rule list beside the field");
        Assert.That(await person.Page.Locator("#password-rules li").AllInnerTextsAsync(),
            Is.EqualTo(CredentialRuleTexts.PasswordRuleList(person.Culture)), "the whole password rule list beside the field");
        await person.CheckPageAsync("choose-credentials");

        await ConvertAsync(person, "Yamada_Taro", "password1", "password2");
        var errors = await person.Page.Locator(".error-list li").AllInnerTextsAsync();
        Assert.That(errors, Is.SupersetOf(new[]
        {
            Rule(CredentialRuleCodes.LoginIdCharacters),
            Rule(CredentialRuleCodes.PasswordUppercase),
            Rule(CredentialRuleCodes.PasswordSymbol),
            Rule(CredentialRuleCodes.PasswordConfirmation),
        }));
        Assert.That(await person.Page.GetAttributeAsync("#new-login-id", "aria-invalid"), Is.EqualTo("true"));
        Assert.That(await person.Page.InputValueAsync("#new-password"), Is.Empty, "the password is never echoed back");
        Assert.That(await person.ExistsAsync("[role=alert] a[href='/help#q10']"), Is.True);
        await person.CheckPageAsync("rules-failed");

        var newLoginId = "yamada-" + employee.LoginId[4..];
        await ConvertAsync(person, newLoginId, "Brand&&New 2026", "Brand&&New 2026");
        errors = await person.Page.Locator(".error-list li").AllInnerTextsAsync();
        Assert.That(errors, Is.EquivalentTo(new[] { Rule(CredentialRuleCodes.PasswordSpace), Rule(CredentialRuleCodes.PasswordDoubleAmpersand) }),
            "the FAQ's forbidden characters: spaces and “&&”");
        await person.CheckPageAsync("forbidden-characters");

        await ConvertAsync(person, newLoginId, "Brand#New2026", "Brand#New2026");
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.GetClaim("preferred_username").Value, Is.EqualTo(newLoginId));
        Assert.That(idToken.Subject, Is.EqualTo(employee.Id.ToString()), "the same account, now with permanent credentials");

        string Rule(string code) => CredentialRuleTexts.Message(code, person.Culture);
    }

    private static async Task ConvertAsync(BrowserScenario person, string loginId, string password, string confirmation)
    {
        await person.FillAsync("#new-login-id", loginId);
        await person.FillAsync("#new-password", password);
        await person.FillAsync("#new-password-confirmation", confirmation);
        await person.SubmitAsync();
    }
}
