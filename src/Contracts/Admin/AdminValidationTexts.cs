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
    public const string NameCharacters = "name-characters";
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
    public const string PasswordRulesUnknown = "password-rules-unknown";

    // The list and export parameters (ListValidation).
    public const string SortUnknown = "sort-unknown";
    public const string DirectionUnknown = "direction-unknown";
    public const string EventFormat = "event-format";
    public const string ExportEncodingUnknown = "export-encoding-unknown";
    public const string TimeZoneUnknown = "time-zone-unknown";

    // Reissue requests (decision 0028).
    public const string ReissueReasonLength = "reissue-reason-length";
}

/// <summary>
/// What the admin field rules say when they fail, in Japanese (default) and English; the admin site shows the same
/// texts beside its fields as the API returns in its problem details. The texts are in <c>ContractTexts.resx</c>
/// (<c>AdminValidation.</c> and the code); the limits they quote come from <see cref="AdminFieldRules"/>.
/// </summary>
public static class AdminValidationTexts
{
    /// <summary>The message of a failed rule; <paramref name="culture"/> defaults to the current UI culture.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one of <see cref="AdminValidationCodes"/>.</exception>
    public static string Message(string code, CultureInfo? culture = null) =>
        ContractTexts.Resource.Format("AdminValidation." + code, culture, code switch
        {
            AdminValidationCodes.CompanyCodeFormat => [CompanyCodeMaxLength],
            AdminValidationCodes.CompanyNameLength => [CompanyNameMaxLength],
            AdminValidationCodes.LockoutThresholdRange => [LockoutThresholdMin, LockoutThresholdMax],
            AdminValidationCodes.LockoutDurationRange => [LockoutDurationHoursMin, LockoutDurationHoursMax],
            AdminValidationCodes.TemporaryValidityRange => [TemporaryValidityDaysMin, TemporaryValidityDaysMax],
            AdminValidationCodes.RememberBrowserRange => [RememberBrowserDaysMin, RememberBrowserDaysMax],
            AdminValidationCodes.EmployeeNumberFormat => [EmployeeNumberMaxLength],
            AdminValidationCodes.DisplayNameLength => [DisplayNameMaxLength],
            AdminValidationCodes.ClientIdFormat => [ClientIdMaxLength],
            AdminValidationCodes.ClientDisplayNameLength => [ClientDisplayNameMaxLength],
            AdminValidationCodes.GrantTypeUnknown => [string.Join(", ", GrantTypes)],
            AdminValidationCodes.ScopeUnknown => [string.Join(", ", Scopes)],
            AdminValidationCodes.StateUnknown => [string.Join(", ", EmployeeStates.All)],
            AdminValidationCodes.PasswordRulesUnknown => [string.Join(", ", PasswordRuleSets)],
            AdminValidationCodes.SecondFactorUnknown => [string.Join(", ", SecondFactorModes)],
            AdminValidationCodes.SortUnknown => [string.Join(", ", ListParameters.EmployeeSorts.All)],
            AdminValidationCodes.DirectionUnknown => [string.Join(", ", ListParameters.Directions)],
            AdminValidationCodes.ExportEncodingUnknown => [string.Join(", ", CsvExports.Encodings)],
            AdminValidationCodes.ReissueReasonLength => [ReissueRequestApi.ReasonMaxLength],
            _ => [],
        });
}
