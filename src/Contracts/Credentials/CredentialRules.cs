namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// The login ID and password rules (PRODUCT §4, FAQ Q10), defined once for the server and the admin site.
/// Login ID uniqueness and password history need the database: the server checks them; their codes and texts live here.
/// </summary>
public static class CredentialRules
{
    public const int LoginIdMinLength = 4;
    public const int LoginIdMaxLength = 64;

    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    /// <summary>A new password must differ from this many most recent ones (the temporary one included).</summary>
    public const int PasswordHistoryCount = 5;

    /// <summary>The symbols a password may use: all printable ASCII punctuation.</summary>
    public const string PasswordSymbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>
    /// The codes of the login ID rules that <paramref name="loginId"/> breaks, empty when it is valid.
    /// An empty value breaks only <see cref="CredentialRuleCodes.LoginIdRequired"/>.
    /// </summary>
    public static IReadOnlyList<string> CheckLoginId(string? loginId)
    {
        if (string.IsNullOrEmpty(loginId)) return [CredentialRuleCodes.LoginIdRequired];

        var failed = new List<string>();
        if (loginId.Length is < LoginIdMinLength or > LoginIdMaxLength) failed.Add(CredentialRuleCodes.LoginIdLength);
        if (!loginId.All(IsLoginIdCharacter)) failed.Add(CredentialRuleCodes.LoginIdCharacters);
        return failed;
    }

    /// <summary>
    /// The codes of every password rule that <paramref name="password"/> breaks (all of them, so a page can
    /// name each), empty when it is valid. An empty value breaks only <see cref="CredentialRuleCodes.PasswordRequired"/>.
    /// </summary>
    public static IReadOnlyList<string> CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password)) return [CredentialRuleCodes.PasswordRequired];

        var failed = new List<string>();
        if (password.Length is < PasswordMinLength or > PasswordMaxLength) failed.Add(CredentialRuleCodes.PasswordLength);
        if (!password.Any(char.IsAsciiLetterUpper)) failed.Add(CredentialRuleCodes.PasswordUppercase);
        if (!password.Any(char.IsAsciiLetterLower)) failed.Add(CredentialRuleCodes.PasswordLowercase);
        if (!password.Any(IsPasswordSymbol)) failed.Add(CredentialRuleCodes.PasswordSymbol);
        // Whitespace (the ideographic space U+3000 too) is reported as a space, everything else outside
        // printable ASCII as full-width, so the employee is pointed at the character they actually typed.
        if (password.Any(c => !char.IsWhiteSpace(c) && !IsPrintableAscii(c))) failed.Add(CredentialRuleCodes.PasswordFullWidth);
        if (password.Any(char.IsWhiteSpace)) failed.Add(CredentialRuleCodes.PasswordSpace);
        if (password.Contains("&&", StringComparison.Ordinal)) failed.Add(CredentialRuleCodes.PasswordDoubleAmpersand);
        return failed;
    }

    /// <summary>
    /// The codes of every rule of <paramref name="policy"/> that a new password breaks, the common-password screen
    /// included; empty when it may be chosen. The FAQ set is <see cref="CheckPassword"/> plus the screen; the NIST set
    /// checks the length, that every character is printable ASCII or a space, and the screen, and nothing else.
    /// </summary>
    public static IReadOnlyList<string> CheckNewPassword(string? password, PasswordPolicy policy)
    {
        if (string.IsNullOrEmpty(password)) return [CredentialRuleCodes.PasswordRequired];

        var failed = policy.HasCompositionRules ? CheckPassword(password).ToList() : CheckNistPassword(password, policy);
        if (CommonPasswords.Contains(password)) failed.Add(CredentialRuleCodes.PasswordCommon);
        return failed;
    }

    private static List<string> CheckNistPassword(string password, PasswordPolicy policy)
    {
        var failed = new List<string>();
        if (password.Length < policy.MinLength || password.Length > policy.MaxLength) failed.Add(CredentialRuleCodes.PasswordLength);
        // The ASCII space is allowed (rev. 4 §3.1.1.2); other characters would need Unicode normalization before hashing.
        if (password.Any(c => c != ' ' && !IsPrintableAscii(c))) failed.Add(CredentialRuleCodes.PasswordFullWidth);
        return failed;
    }

    /// <summary>Half-width lowercase a-z, digits 0-9 and the hyphen.</summary>
    public static bool IsLoginIdCharacter(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';

    /// <summary>One of <see cref="PasswordSymbols"/>.</summary>
    public static bool IsPasswordSymbol(char c) => PasswordSymbols.Contains(c);

    // '!' to '~': printable ASCII without the space.
    private static bool IsPrintableAscii(char c) => c is >= '!' and <= '~';
}
