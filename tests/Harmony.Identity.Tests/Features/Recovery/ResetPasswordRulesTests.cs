using Harmony.Identity.Contracts.Credentials;

namespace Harmony.Identity.Tests.Features.Recovery;

/// <summary>Decision 0024 through a reset link: the common-password screen and the company's password rules.</summary>
public sealed partial class RecoveryTests
{
    [TestCase("ja", PasswordRuleSet.Faq, "このパスワードは、よく使われているパスワードや過去に流出したパスワードの一覧に含まれているため使用できません。")]
    [TestCase("en", PasswordRuleSet.Faq, "This password is on a list of commonly used or leaked passwords, so it cannot be used")]
    [TestCase("ja", PasswordRuleSet.Nist, "このパスワードは、よく使われているパスワードや過去に流出したパスワードの一覧に含まれているため使用できません。")]
    [TestCase("en", PasswordRuleSet.Nist, "This password is on a list of commonly used or leaked passwords, so it cannot be used")]
    public async Task Reset_RefusesPassword1AsCommon_WithTheReasonInThePageLanguage(string language, PasswordRuleSet rules, string reason)
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.PasswordRules = rules);
        var browser = app.CreateBrowser();
        await browser.GetAsync($"/language/{language}?returnUrl=/");
        await RequestResetAsync(browser, employee.LoginId);
        var link = await LatestLinkAsync(employee.Email);

        var refused = await (await SetPasswordAsync(browser, await browser.GetAsync(link), "Password1!")).ReadHtmlAsync();
        var errors = refused.QuerySelectorAll("#Password-errors .field-error").Select(e => e.TextContent.Trim()).ToList();
        Assert.That(errors, Has.One.StartsWith(reason));
        if (rules == PasswordRuleSet.Faq) Assert.That(errors, Has.Count.EqualTo(1), "under the FAQ's rules it is refused only as common");
        Assert.That(refused.QuerySelector("input[name=Password]"), Is.Not.Null, "the link still works");

        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, employee.Password)), Is.Not.Empty, "the old password still signs in");
    }

    [Test]
    public async Task Reset_UnderNistRules_ListsThemAndAcceptsALongPassphraseWithoutSymbols()
    {
        var employee = await app.CreateEmployeeAsync(company: c => c.Policy.PasswordRules = PasswordRuleSet.Nist);
        var browser = app.CreateBrowser();
        await browser.GetAsync("/language/en?returnUrl=/");
        await RequestResetAsync(browser, employee.LoginId);
        var link = await LatestLinkAsync(employee.Email);

        var page = await browser.GetAsync(link);
        var listed = (await page.ReadHtmlAsync()).QuerySelectorAll("#password-rules li").Select(li => li.TextContent.Trim());
        Assert.That(listed, Is.EqualTo(CredentialRuleTexts.PasswordRuleList(CultureInfo.GetCultureInfo("en"), PasswordPolicy.For(PasswordRuleSet.Nist))));

        var done = await SetPasswordAsync(browser, page, "quiet morning tea in kyoto");
        Assert.That((await done.ReadHtmlAsync()).QuerySelector("[role=status]"), Is.Not.Null);
        var flow = new OidcFlow(app.CreateBrowser());
        Assert.That(await flow.FollowToCodeAsync(await flow.SignInAsync(employee.LoginId, "quiet morning tea in kyoto")), Is.Not.Empty);
    }
}
