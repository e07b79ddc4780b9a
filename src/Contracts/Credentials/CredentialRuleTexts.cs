using System.Globalization;
using static Harmony.Identity.Contracts.Credentials.CredentialRules;
using Codes = Harmony.Identity.Contracts.Credentials.CredentialRuleCodes;

namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// What the credential rules say to an employee, in Japanese (default) and English:
/// one message per failed rule, and the full rule lists shown beside the form fields.
/// </summary>
public static class CredentialRuleTexts
{
    private static readonly Dictionary<string, string> JapaneseMessages = new()
    {
        [Codes.LoginIdRequired] = "ログインIDを入力してください。",
        [Codes.LoginIdLength] = $"ログインIDは{LoginIdMinLength}文字以上{LoginIdMaxLength}文字以内で入力してください。",
        [Codes.LoginIdCharacters] = "ログインIDには半角の英小文字(a～z)、数字(0～9)、ハイフン(-)のみ使用できます。英大文字、その他の記号文字、全角文字は使用できません。",
        [Codes.LoginIdTaken] = "このログインIDは既に使用されています。別のログインIDを入力してください。",
        [Codes.PasswordRequired] = "パスワードを入力してください。",
        [Codes.PasswordLength] = $"パスワードは半角{PasswordMinLength}文字以上{PasswordMaxLength}文字以内で入力してください。",
        [Codes.PasswordUppercase] = "パスワードに半角の英大文字(A～Z)を1文字以上含めてください。",
        [Codes.PasswordLowercase] = "パスワードに半角の英小文字(a～z)を1文字以上含めてください。",
        [Codes.PasswordSymbol] = "パスワードに半角の記号文字(! # $ % など)を1文字以上含めてください。",
        [Codes.PasswordFullWidth] = "パスワードに全角文字など使用できない文字が含まれています。半角の英数字と記号文字のみ使用してください。",
        [Codes.PasswordSpace] = "パスワードにスペース(空白)は使用できません。半角・全角どちらのスペースも使用できません。",
        [Codes.PasswordDoubleAmpersand] = "パスワードに&を2つ続けた『&&』は使用できません。",
        [Codes.PasswordHistory] = $"直近{PasswordHistoryCount}回に使用したパスワードと同じパスワードは使用できません。",
        [Codes.PasswordConfirmationRequired] = "確認のため、パスワードをもう一度入力してください。",
        [Codes.PasswordConfirmation] = "確認用のパスワードが一致しません。同じパスワードを2回入力してください。",
    };

    private static readonly Dictionary<string, string> EnglishMessages = new()
    {
        [Codes.LoginIdRequired] = "Enter a login ID.",
        [Codes.LoginIdLength] = $"The login ID must be {LoginIdMinLength} to {LoginIdMaxLength} characters long.",
        [Codes.LoginIdCharacters] = "The login ID can contain only lowercase letters (a–z), digits (0–9) and hyphens (-). Uppercase letters, other symbols and full-width characters cannot be used.",
        [Codes.LoginIdTaken] = "This login ID is already in use. Choose a different login ID.",
        [Codes.PasswordRequired] = "Enter a password.",
        [Codes.PasswordLength] = $"The password must be {PasswordMinLength} to {PasswordMaxLength} half-width characters long.",
        [Codes.PasswordUppercase] = "Include at least one uppercase letter (A–Z).",
        [Codes.PasswordLowercase] = "Include at least one lowercase letter (a–z).",
        [Codes.PasswordSymbol] = "Include at least one symbol, such as ! # $ %.",
        [Codes.PasswordFullWidth] = "The password contains full-width or other characters that cannot be used. Use only half-width letters, digits and symbols.",
        [Codes.PasswordSpace] = "Spaces cannot be used in the password, neither half-width nor full-width.",
        [Codes.PasswordDoubleAmpersand] = "The password cannot contain “&&” (two ampersands in a row).",
        [Codes.PasswordHistory] = $"The password cannot be the same as any of your last {PasswordHistoryCount} passwords.",
        [Codes.PasswordConfirmationRequired] = "Enter the password again to confirm it.",
        [Codes.PasswordConfirmation] = "The two passwords do not match. Enter the same password twice.",
    };

    private static readonly string[] JapaneseLoginIdRules =
    [
        "使用できる文字は、半角の英小文字(a～z)、数字(0～9)、ハイフン(-)のみです。英大文字、その他の記号文字、全角文字は使用できません。",
        $"{LoginIdMinLength}文字以上{LoginIdMaxLength}文字以内です。",
        "他の方が使用しているログインIDは使用できません。",
    ];

    private static readonly string[] EnglishLoginIdRules =
    [
        "Only lowercase letters (a–z), digits (0–9) and hyphens (-) can be used; no uppercase letters, other symbols or full-width characters.",
        $"{LoginIdMinLength} to {LoginIdMaxLength} characters.",
        "Not a login ID someone else already uses.",
    ];

    private static readonly string[] JapanesePasswordRules =
    [
        $"半角{PasswordMinLength}文字以上{PasswordMaxLength}文字以内です。",
        "半角の英大文字(A～Z)を1文字以上含む必要があります。",
        "半角の英小文字(a～z)を1文字以上含む必要があります。",
        $"半角の記号文字を1文字以上含む必要があります(使用できる記号文字: {PasswordSymbols})。",
        "全角文字(全角の英数字、かな、漢字など)は使用できません。",
        "スペース(空白)は、半角・全角ともに使用できません。",
        "&を2つ続けた『&&』は使用できません(&を1つだけ使うことはできます)。",
        $"直近{PasswordHistoryCount}回に使用したパスワードと同じものは使用できません。",
    ];

    private static readonly string[] EnglishPasswordRules =
    [
        $"{PasswordMinLength} to {PasswordMaxLength} half-width characters.",
        "At least one uppercase letter (A–Z).",
        "At least one lowercase letter (a–z).",
        $"At least one symbol ({PasswordSymbols}).",
        "No full-width characters (full-width letters or digits, Japanese characters, etc.).",
        "No spaces, neither half-width nor full-width.",
        "No “&&” (two ampersands in a row); a single & is fine.",
        $"Not the same as any of your last {PasswordHistoryCount} passwords.",
    ];

    /// <summary>The message for a failed rule; <paramref name="culture"/> defaults to the current UI culture.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one of <see cref="CredentialRuleCodes"/>.</exception>
    public static string Message(string code, CultureInfo? culture = null)
    {
        var messages = IsEnglish(culture) ? EnglishMessages : JapaneseMessages;
        return messages.TryGetValue(code, out var message)
            ? message
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not a credential rule code.");
    }

    /// <summary>The login ID rules as bullet texts, for display beside the field.</summary>
    public static IReadOnlyList<string> LoginIdRuleList(CultureInfo? culture = null) =>
        IsEnglish(culture) ? EnglishLoginIdRules : JapaneseLoginIdRules;

    /// <summary>The password rules as bullet texts (the history rule included), for display beside the field.</summary>
    public static IReadOnlyList<string> PasswordRuleList(CultureInfo? culture = null) =>
        IsEnglish(culture) ? EnglishPasswordRules : JapanesePasswordRules;

    // Japanese is the default: only "en", "en-US", … switch to English.
    private static bool IsEnglish(CultureInfo? culture) =>
        SupportedCultures.IsEnglish(culture);
}
