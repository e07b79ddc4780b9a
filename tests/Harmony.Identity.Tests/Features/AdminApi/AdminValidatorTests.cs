using System.Reflection;
using Harmony.Identity.Server.Features.AdminApi;

namespace Harmony.Identity.Tests.Features.AdminApi;

/// <summary>The admin requests' field rules (src/Contracts), which the server and the admin site both apply.</summary>
public sealed class AdminValidatorTests
{
    [TestCase("taro.yamada@example.co.jp", true)]
    [TestCase("  taro@example.com  ", true)]
    [TestCase("taro@example", false)]
    [TestCase("Taro <taro@example.com>", false)]
    [TestCase("taro@example.com, hanako@example.com", false)]
    [TestCase("taro", false)]
    [TestCase("", false)]
    public void EmailAddress_IsOnePlainAddress(string address, bool valid) =>
        Assert.That(AdminFieldRules.IsEmailAddress(address), Is.EqualTo(valid));

    [TestCase("https://rp.example/callback", true)]
    [TestCase("http://127.0.0.1:5000/signin-oidc", true)]
    [TestCase("com.example.app:/oauth2redirect", true)]
    [TestCase("https://rp.example/callback#fragment", false)]
    [TestCase("javascript:alert(1)", false)]
    [TestCase("/relative/callback", false)]
    public void RedirectUri_IsAbsolute_WithoutAFragment_AndNeverAScript(string uri, bool valid) =>
        Assert.That(AdminFieldRules.IsRedirectUri(uri), Is.EqualTo(valid));

    [TestCase("demo", true)]
    [TestCase("acme-japan-2", true)]
    [TestCase("-acme", false)]
    [TestCase("ACME", false)]
    [TestCase("a", false)]
    public void CompanyCode_IsLowercaseLettersDigitsAndHyphens(string code, bool valid) =>
        Assert.That(AdminFieldRules.IsCompanyCode(code), Is.EqualTo(valid));

    [TestCase("ja", "メールアドレスを入力してください。")]
    [TestCase("en-GB", "Enter an email address.")]
    public void Messages_FollowTheCurrentUICulture(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var result = new UpdateEmployeeEmailRequestValidator().Validate(new UpdateEmployeeEmailRequest(null));
            Assert.That(result.Errors.Select(e => (e.PropertyName, e.ErrorCode, e.ErrorMessage)),
                Is.EqualTo(new[] { ("Email", AdminValidationCodes.EmailRequired, expected) }));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Test]
    public void UpdateCompany_RequiresAPolicy_AndChecksIt()
    {
        var missing = new UpdateCompanyRequestValidator().Validate(new UpdateCompanyRequest("demo", "デモ", "Demo", null, false, null));
        var wrong = new UpdateCompanyRequestValidator().Validate(
            new UpdateCompanyRequest("demo", "デモ", "Demo", new CompanyPolicyDto(5, 0, 30, "email", 366), true, ["test-web", "bad id!"]));

        Assert.That(missing.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "Policy" }));
        Assert.That(wrong.Errors.Select(e => e.PropertyName),
            Is.EquivalentTo(new[] { "Policy.LockoutDurationHours", "Policy.RememberBrowserDays", "AllowedClients[1]" }), "second factor names ignore case");
    }

    [Test]
    public void EveryText_ExistsInJapaneseAndEnglish()
    {
        var codes = typeof(AdminValidationCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        var texts = SourceTree.ReadResx(Path.Combine("src", "Contracts", "ContractTexts.resx")).Keys
            .Where(key => key.StartsWith("AdminValidation.", StringComparison.Ordinal)).Select(key => key["AdminValidation.".Length..]);
        Assert.That(texts, Is.EquivalentTo(codes), "one text in ContractTexts.resx per code, and none without a code");
        foreach (var code in codes)
        {
            Assert.That(AdminValidationTexts.Message(code, new CultureInfo("en")), Is.Not.EqualTo(AdminValidationTexts.Message(code, new CultureInfo("ja"))), code);
        }

        var keys = typeof(AdminApiTexts).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();
        var apiTexts = SourceTree.ReadResx(Path.Combine("src", "IdentityServer", "Features", "AdminApi", "AdminApiTexts.resx")).Keys;
        Assert.That(apiTexts, Is.EquivalentTo(keys), "one text in AdminApiTexts.resx per key, and none without a key");
        foreach (var key in keys)
        {
            Assert.That(AdminApiTexts.Get(key, new CultureInfo("en")), Is.Not.EqualTo(AdminApiTexts.Get(key, new CultureInfo("ja"))), key);
        }
    }
}
