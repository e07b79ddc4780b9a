using FluentValidation;
using FluentValidation.Results;
using Harmony.Identity.Contracts.Credentials;
using Codes = Harmony.Identity.Contracts.Credentials.CredentialRuleCodes;

namespace Harmony.Identity.Tests.Contracts;

/// <summary>The login ID and password rules of PRODUCT §4 / FAQ Q10, as the validators report them.</summary>
public sealed class CredentialRulesTests
{
    private const string GoodLoginId = "taro-yamada";
    private const string GoodPassword = "Harmony#2024";

    private static readonly NewCredentialsValidator Validator = new();

    // ---- Login ID ----

    [TestCase("abcd")]
    [TestCase("taro-yamada")]
    [TestCase("0123")]
    [TestCase("a-1-z-9")]
    [TestCase("----")]
    public void LoginId_IsAccepted_WhenItHasOnlyLowercaseDigitsAndHyphens(string loginId)
    {
        Assert.That(LoginIdCodes(loginId), Is.Empty);
    }

    [TestCase(3, new[] { Codes.LoginIdLength })]
    [TestCase(4, new string[0])]
    [TestCase(64, new string[0])]
    [TestCase(65, new[] { Codes.LoginIdLength })]
    public void LoginId_MustBeFourTo64Characters(int length, string[] expected)
    {
        Assert.That(LoginIdCodes(new string('a', length)), Is.EqualTo(expected));
    }

    [TestCase("Taro", TestName = "LoginId_IsRefused_WhenItHasAnUppercaseLetter")]
    [TestCase("taro_yamada", TestName = "LoginId_IsRefused_WhenItHasAnUnderscore")]
    [TestCase("taro.yamada", TestName = "LoginId_IsRefused_WhenItHasADot")]
    [TestCase("taro@harmony", TestName = "LoginId_IsRefused_WhenItHasAnAtSign")]
    [TestCase("taro!", TestName = "LoginId_IsRefused_WhenItHasAnExclamationMark")]
    [TestCase("taro yamada", TestName = "LoginId_IsRefused_WhenItHasASpace")]
    [TestCase("ｔａｒｏ", TestName = "LoginId_IsRefused_WhenItHasFullWidthLetters")]
    [TestCase("taro１", TestName = "LoginId_IsRefused_WhenItHasAFullWidthDigit")]
    [TestCase("たろう-yamada", TestName = "LoginId_IsRefused_WhenItHasKana")]
    public void LoginId_IsRefused_WhenItHasAForbiddenCharacter(string loginId)
    {
        Assert.That(LoginIdCodes(loginId), Is.EqualTo(new[] { Codes.LoginIdCharacters }));
    }

    [Test]
    public void LoginId_ReportsLengthAndCharacters_WhenBothFail()
    {
        Assert.That(LoginIdCodes("A_b"), Is.EqualTo(new[] { Codes.LoginIdLength, Codes.LoginIdCharacters }));
    }

    [TestCase(null)]
    [TestCase("")]
    public void LoginId_ReportsOnlyRequired_WhenEmpty(string? loginId)
    {
        Assert.That(LoginIdCodes(loginId), Is.EqualTo(new[] { Codes.LoginIdRequired }));
    }

    // ---- Password ----

    [TestCase("Harmony#2024")]
    [TestCase("Abcdefg!", TestName = "Password_IsAccepted_WithoutDigits")]
    [TestCase("aB\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")]
    [TestCase("Tom&Jerry", TestName = "Password_IsAccepted_WithASingleAmpersand")]
    [TestCase("A&b&c&d&", TestName = "Password_IsAccepted_WithAmpersandsThatAreNotNextToEachOther")]
    public void Password_IsAccepted_WhenItFollowsEveryRule(string password)
    {
        Assert.That(PasswordCodes(password), Is.Empty);
    }

    [TestCase(7, new[] { Codes.PasswordLength })]
    [TestCase(8, new string[0])]
    [TestCase(128, new string[0])]
    [TestCase(129, new[] { Codes.PasswordLength })]
    public void Password_MustBeEightTo128Characters(int length, string[] expected)
    {
        var password = "Aa!" + new string('x', length - 3);

        Assert.That(PasswordCodes(password), Is.EqualTo(expected));
    }

    [Test]
    public void Password_IsRefused_WhenItHasNoUppercaseLetter()
    {
        Assert.That(PasswordCodes("harmony#2024"), Is.EqualTo(new[] { Codes.PasswordUppercase }));
    }

    [Test]
    public void Password_IsRefused_WhenItHasNoLowercaseLetter()
    {
        Assert.That(PasswordCodes("HARMONY#2024"), Is.EqualTo(new[] { Codes.PasswordLowercase }));
    }

    [Test]
    public void Password_IsRefused_WhenItHasNoSymbol()
    {
        Assert.That(PasswordCodes("Harmony2024"), Is.EqualTo(new[] { Codes.PasswordSymbol }));
    }

    [TestCase("Harmony#2024Ａ", TestName = "Password_IsRefused_WhenItHasAFullWidthLetter")]
    [TestCase("Harmony#2024１", TestName = "Password_IsRefused_WhenItHasAFullWidthDigit")]
    [TestCase("Harmony#2024！", TestName = "Password_IsRefused_WhenItHasAFullWidthSymbol")]
    [TestCase("Harmony#ハーモニー", TestName = "Password_IsRefused_WhenItHasKatakana")]
    [TestCase("Harmony#2024é", TestName = "Password_IsRefused_WhenItHasANonAsciiLetter")]
    public void Password_IsRefused_WhenItHasAFullWidthCharacter(string password)
    {
        Assert.That(PasswordCodes(password), Is.EqualTo(new[] { Codes.PasswordFullWidth }));
    }

    [Test]
    public void Password_FullWidthLettersDoNotCountAsUppercase()
    {
        Assert.That(PasswordCodes("Ａbcdefg!"), Is.EqualTo(new[] { Codes.PasswordUppercase, Codes.PasswordFullWidth }));
    }

    [TestCase("Harmony# 2024", TestName = "Password_IsRefused_WhenItHasAnAsciiSpace")]
    [TestCase("Harmony#\u30002024", TestName = "Password_IsRefused_WhenItHasAnIdeographicSpace_ReportedAsASpace")]
    [TestCase("Harmony#\t2024", TestName = "Password_IsRefused_WhenItHasATab")]
    public void Password_IsRefused_WhenItHasASpace(string password)
    {
        Assert.That(PasswordCodes(password), Is.EqualTo(new[] { Codes.PasswordSpace }));
    }

    [TestCase("Harmony&&2024")]
    [TestCase("Harmony&&&2024")]
    [TestCase("&&Harmony2024")]
    public void Password_IsRefused_WhenItHasTwoAmpersandsInARow(string password)
    {
        Assert.That(PasswordCodes(password), Is.EqualTo(new[] { Codes.PasswordDoubleAmpersand }));
    }

    [Test]
    public void Password_ReportsEveryFailingRule_NotOnlyTheFirst()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PasswordCodes("abc"), Is.EqualTo(new[] { Codes.PasswordLength, Codes.PasswordUppercase, Codes.PasswordSymbol }));
            Assert.That(PasswordCodes("ｈａｒｍｏｎｙ　&&"), Is.EqualTo(new[]
            {
                Codes.PasswordUppercase, Codes.PasswordLowercase, Codes.PasswordFullWidth, Codes.PasswordSpace, Codes.PasswordDoubleAmpersand,
            }));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    public void Password_ReportsOnlyRequired_WhenEmpty(string? password)
    {
        Assert.That(PasswordCodes(password), Is.EqualTo(new[] { Codes.PasswordRequired }));
    }

    [Test]
    public void Password_IsNeverCarriedInTheFailures()
    {
        var result = Validator.Validate(new NewCredentials(GoodLoginId, "secret word", "other word"));

        Assert.That(result.Errors, Is.Not.Empty);
        Assert.That(result.Errors.Select(e => e.AttemptedValue), Is.All.Null);
    }

    // ---- Confirmation and the whole form ----

    [Test]
    public void NewCredentials_AreAccepted_WhenEveryFieldFollowsTheRules()
    {
        var result = Validator.Validate(new NewCredentials(GoodLoginId, GoodPassword, GoodPassword));

        Assert.That(result.IsValid, Is.True, string.Join(", ", result.Errors.Select(e => e.ErrorCode)));
    }

    [Test]
    public void Confirmation_IsRefused_WhenItDiffersFromThePassword()
    {
        var result = Validator.Validate(new NewCredentials(GoodLoginId, GoodPassword, "Harmony#2025"));

        Assert.That(Failures(result), Is.EqualTo(new[] { ("PasswordConfirmation", Codes.PasswordConfirmation) }));
    }

    [Test]
    public void Confirmation_IsComparedExactly_IncludingCase()
    {
        var result = Validator.Validate(new NewCredentials(GoodLoginId, GoodPassword, GoodPassword.ToLowerInvariant()));

        Assert.That(ErrorCodes(result), Is.EqualTo(new[] { Codes.PasswordConfirmation }));
    }

    [Test]
    public void EmptyForm_ReportsOnlyRequired_ForEachField()
    {
        var result = Validator.Validate(new NewCredentials("", null, ""));

        Assert.That(Failures(result), Is.EqualTo(new[]
        {
            ("LoginId", Codes.LoginIdRequired),
            ("Password", Codes.PasswordRequired),
            ("PasswordConfirmation", Codes.PasswordConfirmationRequired),
        }));
    }

    [Test]
    public void Confirmation_IsNotReportedAsAMismatch_WhenThePasswordIsEmpty()
    {
        var result = Validator.Validate(new NewCredentials(GoodLoginId, "", GoodPassword));

        Assert.That(ErrorCodes(result), Is.EqualTo(new[] { Codes.PasswordRequired }));
    }

    [Test]
    public void EachFailure_NamesItsField()
    {
        var result = Validator.Validate(new NewCredentials("Taro", "harmony", "harmony!"));

        Assert.That(Failures(result), Is.EqualTo(new[]
        {
            ("LoginId", Codes.LoginIdCharacters),
            ("Password", Codes.PasswordLength),
            ("Password", Codes.PasswordUppercase),
            ("Password", Codes.PasswordSymbol),
            ("PasswordConfirmation", Codes.PasswordConfirmation),
        }));
    }

    [Test]
    public void Rules_CanBeUsedOnNonNullableProperties()
    {
        var result = new ChangePasswordValidator().Validate(new ChangePassword("Harmony#2024", "Harmony#2024"));

        Assert.That(result.IsValid, Is.True);
    }

    // ---- Messages ----

    [TestCase("ja", "パスワードに半角の英大文字(A～Z)を1文字以上含めてください。")]
    [TestCase("ja-JP", "パスワードに半角の英大文字(A～Z)を1文字以上含めてください。")]
    [TestCase("en", "Include at least one uppercase letter (A–Z).")]
    [TestCase("en-US", "Include at least one uppercase letter (A–Z).")]
    public void Failure_NamesTheBrokenRule_InTheCurrentUILanguage(string culture, string expected)
    {
        using var _ = new UICultureScope(culture);

        var result = Validator.Validate(new NewCredentials(GoodLoginId, "harmony#2024", "harmony#2024"));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { expected }));
    }

    [TestCase("ja", Codes.PasswordDoubleAmpersand, "パスワードに&を2つ続けた『&&』は使用できません。")]
    [TestCase("en", Codes.PasswordDoubleAmpersand, "The password cannot contain “&&” (two ampersands in a row).")]
    [TestCase("ja", Codes.LoginIdLength, "ログインIDは4文字以上64文字以内で入力してください。")]
    [TestCase("en", Codes.LoginIdLength, "The login ID must be 4 to 64 characters long.")]
    [TestCase("ja", Codes.PasswordSpace, "パスワードにスペース(空白)は使用できません。半角・全角どちらのスペースも使用できません。")]
    [TestCase("en", Codes.PasswordSpace, "Spaces cannot be used in the password, neither half-width nor full-width.")]
    [TestCase("ja", Codes.PasswordHistory, "直近5回に使用したパスワードと同じパスワードは使用できません。")]
    [TestCase("en", Codes.PasswordHistory, "The password cannot be the same as any of your last 5 passwords.")]
    public void Message_IsWordedForTheEmployee(string culture, string code, string expected)
    {
        using var _ = new UICultureScope(culture);

        Assert.That(CredentialRuleTexts.Message(code), Is.EqualTo(expected));
    }

    [TestCase("fr-FR")]
    [TestCase("")]
    public void Messages_AreJapanese_ForAnyOtherCulture(string culture)
    {
        using var _ = new UICultureScope(culture);

        Assert.That(CredentialRuleTexts.Message(Codes.PasswordRequired), Is.EqualTo("パスワードを入力してください。"));
    }

    [Test]
    public void EveryRuleCode_HasAMessage_InBothLanguages()
    {
        var declared = typeof(CredentialRuleCodes).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.That(CredentialRuleCodes.All, Is.EquivalentTo(declared).And.Unique);
        Assert.Multiple(() =>
        {
            foreach (var code in declared)
            {
                var ja = CredentialRuleTexts.Message(code, CultureInfo.GetCultureInfo("ja"));
                var en = CredentialRuleTexts.Message(code, CultureInfo.GetCultureInfo("en"));
                Assert.That(ja, Is.Not.Empty.And.EndsWith("。"), code);
                Assert.That(en, Is.Not.Empty.And.EndsWith("."), code);
                Assert.That(ja, Is.Not.EqualTo(en), code);
            }
        });
    }

    [Test]
    public void Message_Throws_ForAnUnknownCode()
    {
        Assert.That(() => CredentialRuleTexts.Message("no_such_rule"), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase("ja")]
    [TestCase("en")]
    public void RuleLists_AreShownInBothLanguages(string culture)
    {
        var info = CultureInfo.GetCultureInfo(culture);
        var loginIdRules = CredentialRuleTexts.LoginIdRuleList(info);
        var passwordRules = CredentialRuleTexts.PasswordRuleList(info);

        Assert.Multiple(() =>
        {
            Assert.That(loginIdRules, Is.Not.Empty.And.All.Not.Empty);
            Assert.That(passwordRules, Is.Not.Empty.And.All.Not.Empty);
            Assert.That(passwordRules, Has.Some.Contain("5"), "the history rule is listed");
            Assert.That(passwordRules, Has.Some.Contain("&&"));
        });
    }

    [Test]
    public void RuleLists_FollowTheCurrentUILanguage()
    {
        using (new UICultureScope("en"))
        {
            Assert.That(CredentialRuleTexts.PasswordRuleList()[^1], Is.EqualTo("Not the same as any of your last 5 passwords."));
        }
        using (new UICultureScope("ja"))
        {
            Assert.That(CredentialRuleTexts.PasswordRuleList()[^1], Is.EqualTo("直近5回に使用したパスワードと同じものは使用できません。"));
        }
    }

    // ---- helpers ----

    private static string[] LoginIdCodes(string? loginId) =>
        FieldCodes(Validator.Validate(new NewCredentials(loginId, GoodPassword, GoodPassword)), nameof(NewCredentials.LoginId));

    // Typed twice, as on the form; only the password field's own failures are returned.
    private static string[] PasswordCodes(string? password) =>
        FieldCodes(Validator.Validate(new NewCredentials(GoodLoginId, password, password)), nameof(NewCredentials.Password));

    private static string[] FieldCodes(ValidationResult result, string field) =>
        [.. result.Errors.Where(e => e.PropertyName == field).Select(e => e.ErrorCode)];

    private static string[] ErrorCodes(ValidationResult result) => [.. result.Errors.Select(e => e.ErrorCode)];

    private static (string Field, string Code)[] Failures(ValidationResult result) =>
        [.. result.Errors.Select(e => (e.PropertyName, e.ErrorCode))];

    /// <summary>Sets the current UI culture and puts the previous one back.</summary>
    private sealed class UICultureScope : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public UICultureScope(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }

    private sealed record ChangePassword(string NewPassword, string Confirmation);

    private sealed class ChangePasswordValidator : AbstractValidator<ChangePassword>
    {
        public ChangePasswordValidator()
        {
            RuleFor(x => x.NewPassword).MustBeValidPassword();
            RuleFor(x => x.Confirmation).MustConfirmPassword(x => x.NewPassword);
        }
    }
}
