namespace Harmony.Identity.Contracts;

/// <summary>Claim types that Harmony adds on top of the standard OpenID Connect ones.</summary>
public static class HarmonyClaims
{
    /// <summary>The employee's company (a GUID), carried in ID and access tokens.</summary>
    public const string CompanyId = "company_id";

    /// <summary>The admin role of an admin-site user: see <see cref="HarmonyRoles"/>.</summary>
    public const string Role = "role";
}

/// <summary>Scopes the identity server knows beyond <c>openid</c>.</summary>
public static class HarmonyScopes
{
    public const string Profile = "profile";
    public const string Email = "email";
    public const string OfflineAccess = "offline_access";

    /// <summary>Grants access to the admin HTTP API (with a role).</summary>
    public const string AdminApi = "harmony_admin";
}

/// <summary>Admin roles.</summary>
public static class HarmonyRoles
{
    /// <summary>The support desk: every company.</summary>
    public const string Operator = "operator";

    /// <summary>A company representative: their own company only.</summary>
    public const string CompanyAdmin = "company-admin";
}

/// <summary>Authentication method references (RFC 8176) that tokens carry in <c>amr</c>.</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";
    public const string OneTimePassword = "otp";
    public const string MultiFactor = "mfa";

    /// <summary>A passkey bound to one device (not backup-eligible), RFC 8176's hardware-secured key.</summary>
    public const string HardwareKey = "hwk";

    /// <summary>A synced passkey (backup-eligible: a password manager or a platform's keychain), RFC 8176's software-secured key.</summary>
    public const string SoftwareKey = "swk";

    /// <summary>Whether a sign-in with these methods used a passkey (which is both factors on its own).</summary>
    public static bool IncludePasskey(IEnumerable<string> methods) => methods.Any(m => m is HardwareKey or SoftwareKey);
}
