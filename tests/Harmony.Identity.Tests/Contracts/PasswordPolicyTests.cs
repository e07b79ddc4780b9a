using System.Globalization;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Contracts.Credentials;
using Codes = Harmony.Identity.Contracts.Credentials.CredentialRuleCodes;

namespace Harmony.Identity.Tests.Contracts;

/// <summary>Decision 0024: the common-password screen and the two password rule sets a company chooses from.</summary>
public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Nist = PasswordPolicy.For(PasswordRuleSet.Nist);

    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    // ---- The screen ----

    [Test]
    public void CommonPasswords_ShipsZxcvbnsThirtyThousandMostFrequentPasswords()
    {
        Assert.That(CommonPasswords.Count, Is.EqualTo(30_000));
    }

    [TestCase("password", TestName = "CommonPasswords_Contain_AListedPassword")]
    [TestCase("PASSWORD", TestName = "CommonPasswords_Contain_AListedPasswordInAnyCase")]
    [TestCase("Password1!", TestName = "CommonPasswords_Contain_AListedWordWithDigitsAndASymbolAdded")]
    [TestCase("Password1", TestName = "CommonPasswords_Contain_AListedPasswordEndingInADigit")]
    [TestCase("!!Dragon2024!!", TestName = "CommonPasswords_Contain_AListedWordDecoratedAtBothEnds")]
    [TestCase("P@ssw0rd!", TestName = "CommonPasswords_Contain_AListedWordInLeetspeak")]
    [TestCase("Qwerty123$", TestName = "CommonPasswords_Contain_AKeyboardRunWithASymbol")]
    [TestCase("aaaaaaaaaaaaaaaa", TestName = "CommonPasswords_Contain_OneLetterRepeated")]
    [TestCase("                ", TestName = "CommonPasswords_Contain_OnlySpaces")]
    public void CommonPasswords_Contain(string password)
    {
        Assert.That(CommonPasswords.Contains(password), Is.True);
    }

    [TestCase("Harmony#2024", TestName = "CommonPasswords_DoNotContain_AnUnlistedWordWithDecoration")]
    [TestCase("Tr0ub4dor&3", TestName = "CommonPasswords_DoNotContain_AnUnlistedLeetspeakWord")]
    [TestCase("correct horse battery staple", TestName = "CommonPasswords_DoNotContain_APassphrase")]
    [TestCase("my dragon sleeps under the bridge", TestName = "CommonPasswords_DoNotContain_APassphraseThatHasAListedWordInside")]
    [TestCase("", TestName = "CommonPasswords_DoNotContain_Nothing")]
    public void CommonPasswords_DoNotContain(string password)
    {
        Assert.That(CommonPasswords.Contains(password), Is.False);
    }

    // ---- The FAQ's rules (the default) ----

    [Test]
    public void FaqRules_RefusePassword1_OnlyAsCommon()
    {
        Assert.That(CredentialRules.CheckPassword("Password1!"), Is.Empty, "it satisfies every composition rule of the FAQ");
        Assert.That(CredentialRules.CheckNewPassword("Password1!", PasswordPolicy.Faq), Is.EqualTo(new[] { Codes.PasswordCommon }));
    }

    [TestCase("Harmony#2024", new string[0])]
    [TestCase("harmony#2024", new[] { Codes.PasswordUppercase })]
    [TestCase("Harmony 2024&&", new[] { Codes.PasswordSpace, Codes.PasswordDoubleAmpersand })]
    [TestCase("Abc!def", new[] { Codes.PasswordLength })]
    public void FaqRules_AreTheFaqsCompositionRules(string password, string[] expected)
    {
        Assert.That(CredentialRules.CheckNewPassword(password, PasswordPolicy.Faq), Is.EqualTo(expected));
    }

    [Test]
    public void FaqRuleList_IsTheFaqsList_WithTheScreenBeforeTheHistory()
    {
        foreach (var culture in new[] { Japanese, English })
        {
            var list = CredentialRuleTexts.PasswordRuleList(culture, PasswordPolicy.Faq);
            Assert.That(list, Is.EqualTo(CredentialRuleTexts.PasswordRuleList(culture)), "the FAQ's rules are the default");
            Assert.That(list[^2], Is.EqualTo(culture == Japanese
                ? "よく使われているパスワードや過去に流出したパスワードは、数字や記号を付け足したもの(例: Password1!)も含めて使用できません。"
                : "Not a commonly used or leaked password, not even with digits or symbols added (such as Password1!)."));
        }
        Assert.That(CredentialRuleTexts.PasswordRuleList(Japanese), Is.EqualTo(new[]
        {
            "半角8文字以上128文字以内です。",
            "半角の英大文字(A～Z)を1文字以上含む必要があります。",
            "半角の英小文字(a～z)を1文字以上含む必要があります。",
            "半角の記号文字を1文字以上含む必要があります(使用できる記号文字: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~)。",
            "全角文字(全角の英数字、かな、漢字など)は使用できません。",
            "スペース(空白)は、半角・全角ともに使用できません。",
            "&を2つ続けた『&&』は使用できません(&を1つだけ使うことはできます)。",
            "よく使われているパスワードや過去に流出したパスワードは、数字や記号を付け足したもの(例: Password1!)も含めて使用できません。",
            "直近5回に使用したパスワードと同じものは使用できません。",
        }), "the FAQ's seven rules and the history, word for word, with the screen added");
    }

    [TestCase("ja", "このパスワードは、よく使われているパスワードや過去に流出したパスワードの一覧に含まれているため使用できません。")]
    [TestCase("en", "This password is on a list of commonly used or leaked passwords, so it cannot be used")]
    public void CommonMessage_SaysWhyInEachLanguage(string language, string start)
    {
        Assert.That(CredentialRuleTexts.Message(Codes.PasswordCommon, CultureInfo.GetCultureInfo(language)), Does.StartWith(start));
    }

    // ---- NIST SP 800-63B rev. 4 ----

    [TestCase(14, new[] { Codes.PasswordLength })]
    [TestCase(15, new string[0])]
    [TestCase(128, new string[0])]
    [TestCase(129, new[] { Codes.PasswordLength })]
    public void NistRules_WantFifteenTo128Characters_WhenThePasswordIsTheOnlyFactor(int length, string[] expected)
    {
        var password = string.Concat(Enumerable.Range(0, length).Select(i => "tsukimi-dango "[i % 14]));
        Assert.That(CredentialRules.CheckNewPassword(password, Nist), Is.EqualTo(expected));
    }

    [Test]
    public void NistRules_WantEightCharacters_WhenThePasswordIsOneOfTwoFactors()
    {
        var twoFactors = PasswordPolicy.For(PasswordRuleSet.Nist, passwordIsOneOfTwoFactors: true);
        Assert.That(twoFactors.MinLength, Is.EqualTo(8));
        Assert.That(CredentialRules.CheckNewPassword("kumo-ame", twoFactors), Is.Empty);
        Assert.That(CredentialRules.CheckNewPassword("kumo-am", twoFactors), Is.EqualTo(new[] { Codes.PasswordLength }));
    }

    [TestCase("sakura blooms by the old river", TestName = "NistRules_Accept_ALowercasePassphraseWithSpaces")]
    [TestCase("SEVENTEEN ORANGE CATS", TestName = "NistRules_Accept_AnUppercasePassphrase")]
    [TestCase("ramen&&gyoza&&beer", TestName = "NistRules_Accept_DoubleAmpersands")]
    [TestCase("482019375564102938", TestName = "NistRules_Accept_DigitsOnly")]
    public void NistRules_HaveNoCompositionRules(string password)
    {
        Assert.That(CredentialRules.CheckNewPassword(password, Nist), Is.Empty);
    }

    [Test]
    public void NistRules_RefuseFullWidthCharactersAndTabs()
    {
        Assert.That(CredentialRules.CheckNewPassword("ｓａｋｕｒａ ｂｌｏｏｍｓ ｔｏｄａｙ", Nist), Is.EqualTo(new[] { Codes.PasswordFullWidth }));
        Assert.That(CredentialRules.CheckNewPassword("sakura\tblooms\ttoday", Nist), Is.EqualTo(new[] { Codes.PasswordFullWidth }));
    }

    [Test]
    public void NistRules_RefusePassword1_AsTooShortAndCommon_AndALongDecoratedCommonWord_AsCommon()
    {
        Assert.That(CredentialRules.CheckNewPassword("Password1!", Nist), Is.EqualTo(new[] { Codes.PasswordLength, Codes.PasswordCommon }));
        Assert.That(CredentialRules.CheckNewPassword("Password12345678!", Nist), Is.EqualTo(new[] { Codes.PasswordCommon }));
    }

    [Test]
    public void NistRuleList_QuotesTheNistLength_AndNoCompositionRule()
    {
        var japanese = CredentialRuleTexts.PasswordRuleList(Japanese, Nist);
        var english = CredentialRuleTexts.PasswordRuleList(English, Nist);
        Assert.Multiple(() =>
        {
            Assert.That(japanese[0], Is.EqualTo("半角15文字以上128文字以内です。"));
            Assert.That(english[0], Is.EqualTo("15 to 128 half-width characters."));
            Assert.That(english, Does.Contain("Half-width letters, digits, symbols and spaces can be used; no mix of character types is required (a long phrase of several words is a good choice)."));
            Assert.That(english, Does.Contain(CredentialRuleTexts.PasswordRuleList(English)[^2]), "the screen");
            Assert.That(english, Does.Contain(CredentialRuleTexts.PasswordRuleList(English)[^1]), "the history");
            Assert.That(english.Any(rule => rule.Contains("uppercase", StringComparison.OrdinalIgnoreCase)), Is.False);
            Assert.That(japanese.Any(rule => rule.Contains("英大文字")), Is.False);
        });
    }

    [Test]
    public void NistLengthMessage_QuotesTheNistLimits()
    {
        Assert.That(CredentialRuleTexts.Message(Codes.PasswordLength, English, Nist), Is.EqualTo("The password must be 15 to 128 half-width characters long."));
        Assert.That(CredentialRuleTexts.Message(Codes.PasswordLength, English), Is.EqualTo("The password must be 8 to 128 half-width characters long."));
    }

    [Test]
    public void NewCredentialsValidator_AppliesTheRulesItIsGiven()
    {
        var input = new NewCredentials("taro-yamada", "sakura blooms by the old river", "sakura blooms by the old river");
        Assert.That(new NewCredentialsValidator(Nist).Validate(input).IsValid, Is.True);
        Assert.That(new NewCredentialsValidator().Validate(input).Errors.Select(e => e.ErrorCode),
            Is.EqualTo(new[] { Codes.PasswordUppercase, Codes.PasswordSymbol, Codes.PasswordSpace }));
    }

    // ---- The company setting in the admin API's contract ----

    [TestCase("Faq", true)]
    [TestCase("nist", true)]
    [TestCase(null, true)]
    [TestCase("Weak", false)]
    public void CompanyPolicyValidator_AcceptsOnlyTheKnownRuleSets(string? set, bool valid)
    {
        var result = new CompanyPolicyDtoValidator().Validate(new CompanyPolicyDto(5, 24, 30, "Off", 30, set));
        Assert.That(result.IsValid, Is.EqualTo(valid));
        if (!valid) Assert.That(result.Errors.Single().ErrorCode, Is.EqualTo(AdminValidationCodes.PasswordRulesUnknown));
    }
}
