using System.Globalization;
using static Harmony.Identity.Contracts.Admin.AdminFieldRules;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>Error codes of the admin API's field rules (FluentValidation's <c>ErrorCode</c>).</summary>
public static class AdminValidationCodes
{
    public const string CompanyCodeRequired = "company-code-required";
    public const string CompanyCodeFormat = "company-code-format";
    public const string CompanyNameJaRequired = "company-name-ja-required";
    public const string CompanyNameEnRequired = "company-name-en-required";
    public const string CompanyNameLength = "company-name-length";
    public const string PolicyRequired = "policy-required";
    public const string LockoutThresholdRange = "lockout-threshold-range";
    public const string LockoutDurationRange = "lockout-duration-range";
    public const string TemporaryValidityRange = "temporary-validity-range";
    public const string RememberBrowserRange = "remember-browser-range";
    public const string SecondFactorUnknown = "second-factor-unknown";
    public const string CompanyRequired = "company-required";
    public const string EmployeeNumberRequired = "employee-number-required";
    public const string EmployeeNumberFormat = "employee-number-format";
    public const string DisplayNameRequired = "display-name-required";
    public const string DisplayNameLength = "display-name-length";
    public const string EmailRequired = "email-required";
    public const string EmailFormat = "email-format";
    public const string LocaleUnknown = "locale-unknown";
    public const string ClientIdRequired = "client-id-required";
    public const string ClientIdFormat = "client-id-format";
    public const string ClientDisplayNameLength = "client-display-name-length";
    public const string GrantTypesRequired = "grant-types-required";
    public const string GrantTypeUnknown = "grant-type-unknown";
    public const string PublicClientCredentials = "public-client-credentials";
    public const string ScopeUnknown = "scope-unknown";
    public const string RedirectUriRequired = "redirect-uri-required";
    public const string RedirectUriFormat = "redirect-uri-format";
    public const string RedirectUrisMissing = "redirect-uris-missing";
    public const string ClientUnknown = "client-unknown";
    public const string StateUnknown = "state-unknown";
}

/// <summary>
/// What the admin field rules say when they fail, in Japanese (default) and English; the admin site shows the same
/// texts beside its fields as the API returns in its problem details.
/// </summary>
public static class AdminValidationTexts
{
    private static readonly Dictionary<string, string> JapaneseMessages = new()
    {
        [AdminValidationCodes.CompanyCodeRequired] = "企業コードを入力してください。",
        [AdminValidationCodes.CompanyCodeFormat] = $"企業コードは半角の英小文字(a～z)、数字(0～9)、ハイフン(-)で2文字以上{CompanyCodeMaxLength}文字以内で入力してください(先頭はハイフン以外)。",
        [AdminValidationCodes.CompanyNameJaRequired] = "企業名(日本語)を入力してください。",
        [AdminValidationCodes.CompanyNameEnRequired] = "企業名(英語)を入力してください。",
        [AdminValidationCodes.CompanyNameLength] = $"企業名は{CompanyNameMaxLength}文字以内で入力してください。",
        [AdminValidationCodes.PolicyRequired] = "ポリシーを指定してください。",
        [AdminValidationCodes.LockoutThresholdRange] = $"ロックまでの失敗回数は{LockoutThresholdMin}～{LockoutThresholdMax}回で指定してください。",
        [AdminValidationCodes.LockoutDurationRange] = $"ロック時間は{LockoutDurationHoursMin}～{LockoutDurationHoursMax}時間で指定してください。",
        [AdminValidationCodes.TemporaryValidityRange] = $"仮ログインID・仮パスワードの有効期間は{TemporaryValidityDaysMin}～{TemporaryValidityDaysMax}日で指定してください。",
        [AdminValidationCodes.RememberBrowserRange] = $"ブラウザを記憶する日数は{RememberBrowserDaysMin}～{RememberBrowserDaysMax}日で指定してください。",
        [AdminValidationCodes.SecondFactorUnknown] = "二要素認証は「Off」または「Email」を指定してください。",
        [AdminValidationCodes.CompanyRequired] = "所属企業を指定してください。",
        [AdminValidationCodes.EmployeeNumberRequired] = "社員番号を入力してください。",
        [AdminValidationCodes.EmployeeNumberFormat] = $"社員番号は{EmployeeNumberMaxLength}文字以内で、改行などの制御文字を含めずに入力してください。",
        [AdminValidationCodes.DisplayNameRequired] = "氏名を入力してください。",
        [AdminValidationCodes.DisplayNameLength] = $"氏名は{DisplayNameMaxLength}文字以内で入力してください。",
        [AdminValidationCodes.EmailRequired] = "メールアドレスを入力してください。",
        [AdminValidationCodes.EmailFormat] = "メールアドレスの形式が正しくありません。例: taro.yamada@example.co.jp",
        [AdminValidationCodes.LocaleUnknown] = "言語は「ja」(日本語)または「en」(英語)を指定してください。",
        [AdminValidationCodes.ClientIdRequired] = "クライアントIDを入力してください。",
        [AdminValidationCodes.ClientIdFormat] = $"クライアントIDは半角英数字、ピリオド(.)、アンダースコア(_)、ハイフン(-)で3文字以上{ClientIdMaxLength}文字以内で入力してください。",
        [AdminValidationCodes.ClientDisplayNameLength] = $"表示名は{ClientDisplayNameMaxLength}文字以内で入力してください。",
        [AdminValidationCodes.GrantTypesRequired] = "グラントタイプを1つ以上指定してください。",
        [AdminValidationCodes.GrantTypeUnknown] = $"使用できるグラントタイプは {string.Join(", ", GrantTypes)} です。",
        [AdminValidationCodes.PublicClientCredentials] = "公開クライアント(シークレットなし)は client_credentials を使用できません。",
        [AdminValidationCodes.ScopeUnknown] = $"使用できるスコープは {string.Join(", ", Scopes)} です。",
        [AdminValidationCodes.RedirectUriRequired] = "authorization_code を使うアプリにはリダイレクトURIが1つ以上必要です。",
        [AdminValidationCodes.RedirectUriFormat] = "リダイレクトURIは、フラグメント(#)を含まない絶対URI(https://… など)で入力してください。",
        [AdminValidationCodes.RedirectUrisMissing] = "リダイレクトURIの一覧を指定してください(空の一覧も可)。",
        [AdminValidationCodes.ClientUnknown] = "登録されていないアプリです。",
        [AdminValidationCodes.StateUnknown] = $"状態は {string.Join(", ", EmployeeStates.All)} のいずれかを指定してください。",
    };

    private static readonly Dictionary<string, string> EnglishMessages = new()
    {
        [AdminValidationCodes.CompanyCodeRequired] = "Enter a company code.",
        [AdminValidationCodes.CompanyCodeFormat] = $"The company code must be 2 to {CompanyCodeMaxLength} lowercase letters (a–z), digits (0–9) or hyphens (-), not starting with a hyphen.",
        [AdminValidationCodes.CompanyNameJaRequired] = "Enter the company name in Japanese.",
        [AdminValidationCodes.CompanyNameEnRequired] = "Enter the company name in English.",
        [AdminValidationCodes.CompanyNameLength] = $"The company name can be at most {CompanyNameMaxLength} characters long.",
        [AdminValidationCodes.PolicyRequired] = "Give the company policy.",
        [AdminValidationCodes.LockoutThresholdRange] = $"The number of failed attempts before a lockout must be {LockoutThresholdMin} to {LockoutThresholdMax}.",
        [AdminValidationCodes.LockoutDurationRange] = $"The lockout duration must be {LockoutDurationHoursMin} to {LockoutDurationHoursMax} hours.",
        [AdminValidationCodes.TemporaryValidityRange] = $"Temporary credentials must stay valid for {TemporaryValidityDaysMin} to {TemporaryValidityDaysMax} days.",
        [AdminValidationCodes.RememberBrowserRange] = $"Remembering a browser must last {RememberBrowserDaysMin} to {RememberBrowserDaysMax} days.",
        [AdminValidationCodes.SecondFactorUnknown] = "The second factor must be \"Off\" or \"Email\".",
        [AdminValidationCodes.CompanyRequired] = "Choose the employee's company.",
        [AdminValidationCodes.EmployeeNumberRequired] = "Enter the employee number.",
        [AdminValidationCodes.EmployeeNumberFormat] = $"The employee number can be at most {EmployeeNumberMaxLength} characters long, without line breaks or other control characters.",
        [AdminValidationCodes.DisplayNameRequired] = "Enter the employee's name.",
        [AdminValidationCodes.DisplayNameLength] = $"The name can be at most {DisplayNameMaxLength} characters long.",
        [AdminValidationCodes.EmailRequired] = "Enter an email address.",
        [AdminValidationCodes.EmailFormat] = "This is not a valid email address. Example: taro.yamada@example.co.jp",
        [AdminValidationCodes.LocaleUnknown] = "The language must be \"ja\" (Japanese) or \"en\" (English).",
        [AdminValidationCodes.ClientIdRequired] = "Enter a client ID.",
        [AdminValidationCodes.ClientIdFormat] = $"The client ID must be 3 to {ClientIdMaxLength} letters, digits, dots (.), underscores (_) or hyphens (-).",
        [AdminValidationCodes.ClientDisplayNameLength] = $"The display name can be at most {ClientDisplayNameMaxLength} characters long.",
        [AdminValidationCodes.GrantTypesRequired] = "Choose at least one grant type.",
        [AdminValidationCodes.GrantTypeUnknown] = $"The grant types that can be used are {string.Join(", ", GrantTypes)}.",
        [AdminValidationCodes.PublicClientCredentials] = "A public client (without a secret) cannot use client_credentials.",
        [AdminValidationCodes.ScopeUnknown] = $"The scopes that can be used are {string.Join(", ", Scopes)}.",
        [AdminValidationCodes.RedirectUriRequired] = "An app that uses authorization_code needs at least one redirect URI.",
        [AdminValidationCodes.RedirectUriFormat] = "A redirect URI must be an absolute URI (https://… for example) without a fragment (#).",
        [AdminValidationCodes.RedirectUrisMissing] = "Give the list of redirect URIs (it may be empty).",
        [AdminValidationCodes.ClientUnknown] = "No app is registered with this client ID.",
        [AdminValidationCodes.StateUnknown] = $"The state must be one of {string.Join(", ", EmployeeStates.All)}.",
    };

    /// <summary>The message of a failed rule; <paramref name="culture"/> defaults to the current UI culture.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one of <see cref="AdminValidationCodes"/>.</exception>
    public static string Message(string code, CultureInfo? culture = null)
    {
        var messages = IsEnglish(culture) ? EnglishMessages : JapaneseMessages;
        return messages.TryGetValue(code, out var message)
            ? message
            : throw new ArgumentOutOfRangeException(nameof(code), code, "Not an admin validation code.");
    }

    /// <summary>Every code, for tests that check both languages have a text.</summary>
    public static IReadOnlyCollection<string> Codes => JapaneseMessages.Keys;

    // Japanese is the default: only "en", "en-US", … switch to English.
    private static bool IsEnglish(CultureInfo? culture) =>
        SupportedCultures.IsEnglish(culture);
}
