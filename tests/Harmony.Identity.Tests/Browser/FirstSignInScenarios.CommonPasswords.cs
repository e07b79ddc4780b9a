using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Browser;

/// <summary>Decision 0024 in Chromium: <c>Password1!</c> is refused as a common password, under both rule sets.</summary>
public sealed partial class FirstSignInScenarios
{
    [TestCase("ja")]
    [TestCase("en")]
    public async Task Q10_Password1_IsRefusedAsCommon_UnderTheFaqRules_AndUnderNistRulesAPassphraseIsTaken(string language)
    {
        var faq = await App.CreateEmployeeAsync(password: "Temp#Pass123", kind: CredentialKind.Temporary);
        var person = await StartScenarioAsync("common-password-faq", language);
        await new BrowserRelyingParty(person, Server).StartAsync();
        await person.SubmitLoginAsync(faq.LoginId, faq.Password);
        Assert.That(person.CurrentPath, Is.EqualTo("/account/first-sign-in"));
        Assert.That(await person.Page.Locator("#password-rules li").AllInnerTextsAsync(),
            Does.Contain(CredentialRuleTexts.PasswordRuleList(person.Culture)[^2]), "the screen is listed beside the other rules");

        await ConvertAsync(person, "faq-" + faq.LoginId[4..], "Password1!", "Password1!");
        Assert.That(await person.Page.Locator(".error-list li").AllInnerTextsAsync(),
            Is.EqualTo(new[] { CredentialRuleTexts.Message(CredentialRuleCodes.PasswordCommon, person.Culture) }),
            "it satisfies every FAQ rule, and is refused only as common, with the reason");
        await person.CheckPageAsync("password1-refused-faq");

        var nist = await App.CreateEmployeeAsync(password: "Temp#Pass123", kind: CredentialKind.Temporary,
            company: c => c.Policy.PasswordRules = PasswordRuleSet.Nist);
        var other = await StartScenarioAsync("common-password-nist", language);
        var app = new BrowserRelyingParty(other, Server);
        await app.StartAsync();
        await other.SubmitLoginAsync(nist.LoginId, nist.Password);
        var policy = PasswordPolicy.For(PasswordRuleSet.Nist);
        Assert.That(await other.Page.Locator("#password-rules li").AllInnerTextsAsync(),
            Is.EqualTo(CredentialRuleTexts.PasswordRuleList(other.Culture, policy)), "the company's NIST rules beside the field");

        await ConvertAsync(other, "nist-" + nist.LoginId[4..], "Password1!", "Password1!");
        Assert.That(await other.Page.Locator(".error-list li").AllInnerTextsAsync(), Is.EqualTo(new[]
        {
            CredentialRuleTexts.Message(CredentialRuleCodes.PasswordLength, other.Culture, policy),
            CredentialRuleTexts.Message(CredentialRuleCodes.PasswordCommon, other.Culture),
        }));
        await other.CheckPageAsync("password1-refused-nist");

        await ConvertAsync(other, "nist-" + nist.LoginId[4..], "sakura blooms by the old river", "sakura blooms by the old river");
        var (_, idToken) = await app.RedeemAsync(await app.ReceiveCodeAsync());
        Assert.That(idToken.Subject, Is.EqualTo(nist.Id.ToString()), "a long passphrase without symbols is taken under NIST rules");
    }
}
