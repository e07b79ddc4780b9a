namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// Stable codes of the credential rules (PRODUCT §4, FAQ Q10), used as FluentValidation error codes.
/// Pages and logs key on these, so never rename a value.
/// </summary>
public static class CredentialRuleCodes
{
    public const string LoginIdRequired = "login_id_required";
    public const string LoginIdLength = "login_id_length";
    public const string LoginIdCharacters = "login_id_characters";

    /// <summary>Checked by the server against the stored accounts, not by the validators.</summary>
    public const string LoginIdTaken = "login_id_taken";

    public const string PasswordRequired = "password_required";
    public const string PasswordLength = "password_length";
    public const string PasswordUppercase = "password_uppercase";
    public const string PasswordLowercase = "password_lowercase";
    public const string PasswordSymbol = "password_symbol";
    public const string PasswordFullWidth = "password_full_width";
    public const string PasswordSpace = "password_space";
    public const string PasswordDoubleAmpersand = "password_double_ampersand";

    /// <summary>On the common and breached password list (<see cref="CommonPasswords"/>), under every rule set.</summary>
    public const string PasswordCommon = "password_common";

    /// <summary>Checked by the server against the account's stored hashes, not by the validators.</summary>
    public const string PasswordHistory = "password_history";

    public const string PasswordConfirmationRequired = "password_confirmation_required";
    public const string PasswordConfirmation = "password_confirmation";

    /// <summary>Every code, in the order a page lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        LoginIdRequired, LoginIdLength, LoginIdCharacters, LoginIdTaken,
        PasswordRequired, PasswordLength, PasswordUppercase, PasswordLowercase, PasswordSymbol,
        PasswordFullWidth, PasswordSpace, PasswordDoubleAmpersand, PasswordCommon, PasswordHistory,
        PasswordConfirmationRequired, PasswordConfirmation,
    ];
}
