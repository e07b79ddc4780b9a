using System.Text.RegularExpressions;
using FluentValidation;

namespace Harmony.Identity.Contracts.Admin;

/// <summary>
/// Field rules of the admin API's requests, shared by the server (authoritative) and the admin site. Uniqueness
/// (company code, employee number, client ID) and what exists (companies, clients) need the database: the server
/// checks those.
/// </summary>
public static partial class AdminFieldRules
{
    public const int CompanyCodeMaxLength = 32;
    public const int CompanyNameMaxLength = 200;
    public const int EmployeeNumberMaxLength = 64;
    public const int DisplayNameMaxLength = 200;
    public const int EmailMaxLength = 256;
    public const int ClientIdMaxLength = 100;
    public const int ClientDisplayNameMaxLength = 200;

    public const int LockoutThresholdMin = 1;
    public const int LockoutThresholdMax = 100;
    public const int LockoutDurationHoursMin = 1;
    public const int LockoutDurationHoursMax = 720;
    public const int TemporaryValidityDaysMin = 1;
    public const int TemporaryValidityDaysMax = 365;
    public const int RememberBrowserDaysMin = 0;
    public const int RememberBrowserDaysMax = 365;

    /// <summary>The second-factor modes a company policy may name.</summary>
    public static readonly IReadOnlyList<string> SecondFactorModes = Enum.GetNames<SecondFactorMode>();

    /// <summary>The password rule sets a company policy may name (decision 0024).</summary>
    public static readonly IReadOnlyList<string> PasswordRuleSets = Enum.GetNames<Credentials.PasswordRuleSet>();

    /// <summary>Grant types a relying party may be registered with.</summary>
    public static readonly IReadOnlyList<string> GrantTypes = ["authorization_code", "refresh_token", "client_credentials"];

    /// <summary>Scopes a relying party may be allowed to ask for.</summary>
    public static readonly IReadOnlyList<string> Scopes =
        ["openid", HarmonyScopes.Profile, HarmonyScopes.Email, HarmonyScopes.OfflineAccess, HarmonyScopes.AdminApi];

    /// <summary>A language an employee's emails can be written in (<see cref="SupportedCultures.All"/>), in any letter case.</summary>
    public static bool IsLocale(string? locale) =>
        locale is not null && SupportedCultures.All.Contains(locale.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A name without control characters (line breaks, tabs, NUL…) and without the bidirectional embeddings, overrides
    /// and isolates (U+202A–U+202E, U+2066–U+2069): names end up in emails, CSV exports and audit sentences, where a line
    /// break splits a row or a subject and a right-to-left override shows "Taro\u202Egnp.exe" as "Taroexe.png".
    /// </summary>
    public static bool IsPlainName(string? name) =>
        name is null || !name.Any(c => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069');

    /// <summary>Lowercase letters, digits and hyphens, starting with a letter or digit: safe in CSV files and URLs.</summary>
    public static bool IsCompanyCode(string? code) => code is not null && CompanyCode().IsMatch(code);

    /// <summary>Letters, digits, dot, underscore and hyphen: what OpenIddict and form posts carry without escaping.</summary>
    public static bool IsClientId(string? clientId) => clientId is not null && ClientId().IsMatch(clientId);

    /// <summary>A single plain address (no display name, no list), as the outbox will send to it.</summary>
    public static bool IsEmailAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return false;
        var trimmed = address.Trim();
        return trimmed.Length <= EmailMaxLength &&
               System.Net.Mail.MailAddress.TryCreate(trimmed, out var parsed) &&
               string.Equals(parsed.Address, trimmed, StringComparison.Ordinal) &&
               trimmed.LastIndexOf('@') is > 0 and var at && trimmed.IndexOf('.', at) > at + 1;
    }

    /// <summary>
    /// An absolute redirect URI without a fragment (RFC 6749 §3.1.2): http(s), or a private-use scheme with a dot
    /// for native apps (RFC 8252 §7.1); never script or data schemes.
    /// </summary>
    public static bool IsRedirectUri(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) &&
        string.IsNullOrEmpty(parsed.Fragment) &&
        (parsed.Scheme is "https" or "http" ? !string.IsNullOrEmpty(parsed.Host) : parsed.Scheme.Contains('.'));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CompanyCode();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientId();
}

public sealed class CompanyPolicyDtoValidator : AbstractValidator<CompanyPolicyDto>
{
    public CompanyPolicyDtoValidator()
    {
        RuleFor(x => x.LockoutThreshold)
            .InclusiveBetween(AdminFieldRules.LockoutThresholdMin, AdminFieldRules.LockoutThresholdMax)
            .WithAdminMessage(AdminValidationCodes.LockoutThresholdRange);
        RuleFor(x => x.LockoutDurationHours)
            .InclusiveBetween(AdminFieldRules.LockoutDurationHoursMin, AdminFieldRules.LockoutDurationHoursMax)
            .WithAdminMessage(AdminValidationCodes.LockoutDurationRange);
        RuleFor(x => x.TemporaryValidityDays)
            .InclusiveBetween(AdminFieldRules.TemporaryValidityDaysMin, AdminFieldRules.TemporaryValidityDaysMax)
            .WithAdminMessage(AdminValidationCodes.TemporaryValidityRange);
        RuleFor(x => x.RememberBrowserDays)
            .InclusiveBetween(AdminFieldRules.RememberBrowserDaysMin, AdminFieldRules.RememberBrowserDaysMax)
            .WithAdminMessage(AdminValidationCodes.RememberBrowserRange);
        RuleFor(x => x.SecondFactor)
            .Must(mode => AdminFieldRules.SecondFactorModes.Contains(mode, StringComparer.OrdinalIgnoreCase))
            .WithAdminMessage(AdminValidationCodes.SecondFactorUnknown);
        RuleFor(x => x.PasswordRules)
            .Must(set => set is null || AdminFieldRules.PasswordRuleSets.Contains(set, StringComparer.OrdinalIgnoreCase))
            .WithAdminMessage(AdminValidationCodes.PasswordRulesUnknown);
    }
}

public sealed class CreateCompanyRequestValidator : AbstractValidator<CreateCompanyRequest>
{
    public CreateCompanyRequestValidator()
    {
        RuleFor(x => x.Code).MustBeCompanyCode();
        RuleFor(x => x.NameJa).MustBeCompanyName(AdminValidationCodes.CompanyNameJaRequired);
        RuleFor(x => x.NameEn).MustBeCompanyName(AdminValidationCodes.CompanyNameEnRequired);
        RuleFor(x => x.Policy!).SetValidator(new CompanyPolicyDtoValidator()).When(x => x.Policy is not null);
        RuleFor(x => x.FirstRepresentative!).SetValidator(new NewEmployeeFieldsValidator()).When(x => x.FirstRepresentative is not null);
    }
}

public sealed class UpdateCompanyRequestValidator : AbstractValidator<UpdateCompanyRequest>
{
    public UpdateCompanyRequestValidator()
    {
        RuleFor(x => x.Code).MustBeCompanyCode();
        RuleFor(x => x.NameJa).MustBeCompanyName(AdminValidationCodes.CompanyNameJaRequired);
        RuleFor(x => x.NameEn).MustBeCompanyName(AdminValidationCodes.CompanyNameEnRequired);
        RuleFor(x => x.Policy)
            .NotNull().WithAdminMessage(AdminValidationCodes.PolicyRequired)
            .SetValidator(new CompanyPolicyDtoValidator()!);
        RuleForEach(x => x.AllowedClients)
            .Must(AdminFieldRules.IsClientId).WithAdminMessage(AdminValidationCodes.ClientIdFormat);
    }
}

public sealed class CreateEmployeeRequestValidator : AbstractValidator<CreateEmployeeRequest>
{
    public CreateEmployeeRequestValidator()
    {
        RuleFor(x => x.CompanyId).NotEmpty().WithAdminMessage(AdminValidationCodes.CompanyRequired);
        Include(new NewEmployeeFieldsValidator());
    }
}

/// <summary>The profile of an employee as a whole: every field is given, the language too (no silent default).</summary>
public sealed class UpdateEmployeeRequestValidator : AbstractValidator<UpdateEmployeeRequest>
{
    public UpdateEmployeeRequestValidator()
    {
        RuleFor(x => x.EmployeeNumber).MustBeEmployeeNumber();
        RuleFor(x => x.DisplayName).MustBeDisplayName();
        RuleFor(x => x.Locale).Must(AdminFieldRules.IsLocale).WithAdminMessage(AdminValidationCodes.LocaleUnknown);
    }
}

public sealed class UpdateEmployeeEmailRequestValidator : AbstractValidator<UpdateEmployeeEmailRequest>
{
    public UpdateEmployeeEmailRequestValidator()
    {
        RuleFor(x => x.Email).MustBeEmailAddress();
    }
}

public sealed class RegisterClientRequestValidator : AbstractValidator<RegisterClientRequest>
{
    public RegisterClientRequestValidator()
    {
        RuleFor(x => x.ClientId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithAdminMessage(AdminValidationCodes.ClientIdRequired)
            .Must(AdminFieldRules.IsClientId).WithAdminMessage(AdminValidationCodes.ClientIdFormat);
        RuleFor(x => x.DisplayName)
            .MaximumLength(AdminFieldRules.ClientDisplayNameMaxLength).WithAdminMessage(AdminValidationCodes.ClientDisplayNameLength)
            .Must(name => AdminFieldRules.IsPlainName(name?.Trim())).WithAdminMessage(AdminValidationCodes.NameCharacters);
        RuleFor(x => x.GrantTypes)
            .NotEmpty().WithAdminMessage(AdminValidationCodes.GrantTypesRequired);
        RuleForEach(x => x.GrantTypes)
            .Must(grant => AdminFieldRules.GrantTypes.Contains(grant)).WithAdminMessage(AdminValidationCodes.GrantTypeUnknown);
        RuleFor(x => x.GrantTypes)
            .Must(grants => !grants!.Contains("client_credentials"))
            .When(x => x.IsPublic && x.GrantTypes is not null)
            .WithAdminMessage(AdminValidationCodes.PublicClientCredentials);
        RuleForEach(x => x.Scopes)
            .Must(scope => AdminFieldRules.Scopes.Contains(scope)).WithAdminMessage(AdminValidationCodes.ScopeUnknown);
        RuleFor(x => x.RedirectUris)
            .Must(uris => uris is { Count: > 0 })
            .When(x => x.GrantTypes?.Contains("authorization_code") == true)
            .WithAdminMessage(AdminValidationCodes.RedirectUriRequired);
        RuleForEach(x => x.RedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
        RuleForEach(x => x.PostLogoutRedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
    }
}

/// <summary>
/// Checks the URIs themselves; whether a client that uses the code flow keeps at least one redirect URI depends on
/// the registered client, which the server knows.
/// </summary>
public sealed class UpdateClientRedirectsRequestValidator : AbstractValidator<UpdateClientRedirectsRequest>
{
    public UpdateClientRedirectsRequestValidator()
    {
        RuleFor(x => x.RedirectUris).NotNull().WithAdminMessage(AdminValidationCodes.RedirectUrisMissing);
        RuleForEach(x => x.RedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
        RuleForEach(x => x.PostLogoutRedirectUris).Must(AdminFieldRules.IsRedirectUri).WithAdminMessage(AdminValidationCodes.RedirectUriFormat);
    }
}

/// <summary>Shared rule chains of the admin validators.</summary>
public static class AdminValidatorExtensions
{
    /// <summary>Error code and message (in the current UI culture when the rule fails) of an admin field rule.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithAdminMessage<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string code) =>
        rule.WithErrorCode(code).WithMessage(_ => AdminValidationTexts.Message(code));

    // Nullable-oblivious so that string and string? properties can both use these chains.
#nullable disable annotations
    public static IRuleBuilderOptions<T, string> MustBeCompanyCode<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithAdminMessage(AdminValidationCodes.CompanyCodeRequired)
            .Must(AdminFieldRules.IsCompanyCode).WithAdminMessage(AdminValidationCodes.CompanyCodeFormat);

    /// <param name="requiredCode">Which name is missing (Japanese or English), so the message says which one.</param>
    public static IRuleBuilderOptions<T, string> MustBeCompanyName<T>(this IRuleBuilderInitial<T, string> rule, string requiredCode) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithAdminMessage(requiredCode)
            .Must(name => name.Trim().Length <= AdminFieldRules.CompanyNameMaxLength).WithAdminMessage(AdminValidationCodes.CompanyNameLength)
            .Must(name => AdminFieldRules.IsPlainName(name.Trim())).WithAdminMessage(AdminValidationCodes.NameCharacters);

    public static IRuleBuilderOptions<T, string> MustBeEmployeeNumber<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithAdminMessage(AdminValidationCodes.EmployeeNumberRequired)
            .Must(n => n.Trim().Length <= AdminFieldRules.EmployeeNumberMaxLength && !n.Any(char.IsControl))
            .WithAdminMessage(AdminValidationCodes.EmployeeNumberFormat);

    public static IRuleBuilderOptions<T, string> MustBeDisplayName<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithAdminMessage(AdminValidationCodes.DisplayNameRequired)
            .Must(n => n.Trim().Length <= AdminFieldRules.DisplayNameMaxLength).WithAdminMessage(AdminValidationCodes.DisplayNameLength)
            .Must(name => AdminFieldRules.IsPlainName(name.Trim())).WithAdminMessage(AdminValidationCodes.NameCharacters);

    public static IRuleBuilderOptions<T, string> MustBeEmailAddress<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(address => !string.IsNullOrWhiteSpace(address)).WithAdminMessage(AdminValidationCodes.EmailRequired)
            .Must(AdminFieldRules.IsEmailAddress).WithAdminMessage(AdminValidationCodes.EmailFormat);
#nullable restore annotations
}
