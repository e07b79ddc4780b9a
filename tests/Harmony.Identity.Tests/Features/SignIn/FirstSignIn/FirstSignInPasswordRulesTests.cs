using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Features.SignIn;

/// <summary>Decision 0024 at the first sign-in: the common-password screen and the company's password rules.</summary>
public sealed partial class FirstSignInTests
{
    private const string CommonJa = "このパスワードは、よく使われているパスワードや過去に流出したパスワードの一覧に含まれているため使用できません。";
    private const string CommonEn = "This password is on a list of commonly used or leaked passwords, so it cannot be used";

    [TestCase("ja", PasswordRuleSet.Faq, CommonJa)]
    [TestCase("en", PasswordRuleSet.Faq, CommonEn)]
    [TestCase("ja", PasswordRuleSet.Nist, CommonJa)]
    [TestCase("en", PasswordRuleSet.Nist, CommonEn)]
    public async Task Conversion_RefusesPassword1AsCommon_WithTheReasonInThePageLanguage(string language, PasswordRuleSet rules, string reason)
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary, company: c => c.Policy.PasswordRules = rules);
        var browser = app.CreateBrowser();
        var response = await ConvertAsync(browser, await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales(language)),
            "yamada-" + Guid.NewGuid().ToString("N")[..6], "Password1!");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page again, with the reason");
        var errors = (await response.ReadHtmlAsync()).QuerySelectorAll("#Password-errors .field-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.That(errors, Has.One.StartsWith(reason));
        if (rules == PasswordRuleSet.Faq) Assert.That(errors, Has.Count.EqualTo(1), "under the FAQ's rules it is refused only as common");
        Assert.That((await app.ReadUserAsync(employee.Id)).CredentialKind, Is.EqualTo(CredentialKind.Temporary));
    }

    [Test]
    public async Task Conversion_UnderNistRules_AcceptsALongPassphraseWithoutSymbols_WhichSignsInAfterwards()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary,
            company: c => c.Policy.PasswordRules = PasswordRuleSet.Nist);
        var browser = app.CreateBrowser();
        var flow = new OidcFlow(browser);
        var newLoginId = "nist-" + Guid.NewGuid().ToString("N")[..6];

        var converted = await ConvertAsync(browser, await flow.SignInAsync(employee.LoginId, employee.Password), newLoginId, "sakura blooms by the old river");
        Assert.That(await flow.FollowToCodeAsync(converted), Is.Not.Empty);

        var again = new OidcFlow(app.CreateBrowser());
        Assert.That(await again.FollowToCodeAsync(await again.SignInAsync(newLoginId, "sakura blooms by the old river")), Is.Not.Empty);
    }

    [Test]
    public async Task Conversion_UnderFaqRules_RefusesThatPassphrase_NamingTheCompositionRules()
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary);
        var browser = app.CreateBrowser();
        var response = await ConvertAsync(browser, await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales("en")),
            "faq-" + Guid.NewGuid().ToString("N")[..6], "sakura blooms by the old river");

        var errors = (await response.ReadHtmlAsync()).QuerySelectorAll("#Password-errors .field-error").Select(e => e.TextContent.Trim());
        Assert.That(errors, Is.EqualTo(new[] { "Include at least one uppercase letter (A–Z).", "Include at least one symbol, such as ! # $ %.",
            "Spaces cannot be used in the password, neither half-width nor full-width." }));
    }

    [TestCase(PasswordRuleSet.Faq, "半角8文字以上128文字以内です。")]
    [TestCase(PasswordRuleSet.Nist, "半角15文字以上128文字以内です。")]
    public async Task ConversionPage_ListsThePasswordRulesOfTheEmployeesCompany(PasswordRuleSet rules, string lengthRule)
    {
        var employee = await app.CreateEmployeeAsync("Temp#Pass123", kind: CredentialKind.Temporary, company: c => c.Policy.PasswordRules = rules);
        var browser = app.CreateBrowser();
        var login = await new OidcFlow(browser).SignInAsync(employee.LoginId, employee.Password, UiLocales("ja"));
        var page = await (await browser.GetAsync(login.Headers.Location)).ReadHtmlAsync();

        var listed = page.QuerySelectorAll("#password-rules li").Select(li => li.TextContent.Trim()).ToList();
        Assert.That(listed, Is.EqualTo(CredentialRuleTexts.PasswordRuleList(CultureInfo.GetCultureInfo("ja"), PasswordPolicy.For(rules))));
        Assert.That(listed[0], Is.EqualTo(lengthRule));
    }
}
