using System.Security.Claims;

namespace Harmony.Identity.Admin.Features.Account;

/// <summary>The authorization policies of the site's pages.</summary>
public static class AdminPolicies
{
    /// <summary>An operator or a company representative.</summary>
    public const string Admin = "harmony-admin";

    /// <summary>The support desk only: companies and relying-party apps.</summary>
    public const string Operator = "harmony-operator";
}

/// <summary>
/// What the session knows of the admin. The role and company come from the admin API's <c>/me</c> (the API is the
/// authority; the ID token carries no role), at sign-in and at each token refresh. They only shape navigation:
/// every call is checked again by the API.
/// </summary>
public static class AdminPrincipal
{
    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(HarmonyClaims.Role, HarmonyRoles.Operator);

    public static bool IsRepresentative(this ClaimsPrincipal user) => user.HasClaim(HarmonyClaims.Role, HarmonyRoles.CompanyAdmin);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsOperator() || user.IsRepresentative();

    /// <summary>The representative's company; null for operators.</summary>
    public static Guid? CompanyId(this ClaimsPrincipal user) =>
        user.IsRepresentative() && Guid.TryParse(user.FindFirstValue(HarmonyClaims.CompanyId), out var id) ? id : null;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue("name") ?? user.FindFirstValue("preferred_username") ?? user.FindFirstValue("sub") ?? "";

    /// <summary>Replaces the admin role and company with what the API said (none when it refused the caller).</summary>
    public static void ApplyAdminIdentity(this ClaimsIdentity identity, AdminIdentity? me)
    {
        foreach (var claim in identity.FindAll(c => c.Type is HarmonyClaims.Role or HarmonyClaims.CompanyId).ToList())
        {
            identity.RemoveClaim(claim);
        }
        if (me is null) return;
        if (me.Role is HarmonyRoles.Operator or HarmonyRoles.CompanyAdmin)
        {
            identity.AddClaim(new Claim(HarmonyClaims.Role, me.Role));
        }
        if (me.Role == HarmonyRoles.CompanyAdmin && me.CompanyId is { } companyId)
        {
            identity.AddClaim(new Claim(HarmonyClaims.CompanyId, companyId.ToString()));
        }
    }
}

/// <summary>
/// Who the identity server takes the holder of an access token for (its admin API's <c>/me</c>): asked at sign-in and
/// at every token refresh, since the role may have changed. The admin API client answers it; the session code depends
/// only on this question, not on the client.
/// </summary>
public interface IAdminIdentitySource
{
    /// <summary>The admin the token belongs to; null when it is no admin.</summary>
    Task<AdminIdentity?> WhoIsAsync(string accessToken, CancellationToken cancellationToken);
}
