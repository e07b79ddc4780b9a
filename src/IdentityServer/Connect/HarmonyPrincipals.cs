using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

/// <summary>Builds the claims an employee's tokens carry, and decides which token each claim goes into.</summary>
public static class HarmonyPrincipals
{
    public static ClaimsIdentity ForEmployee(
        HarmonyUser user, IEnumerable<string> scopes, IEnumerable<string> authenticationMethods, DateTimeOffset authenticatedAt,
        IEnumerable<string> roles, Guid? sessionId = null)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        if (sessionId is { } session) SetSession(identity, session);
        identity.SetScopes(scopes);
        SetEmployeeClaims(identity, user, roles);
        identity.SetClaims(Claims.AuthenticationMethodReference, [.. authenticationMethods.Distinct()]);
        identity.RemoveClaims(Claims.AuthenticationTime);
        identity.AddClaim(new Claim(Claims.AuthenticationTime,
            authenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        identity.SetDestinations(Destinations);
        return identity;
    }

    /// <summary>Refreshes the claims that come from the account, keeping scopes, amr and auth_time.</summary>
    /// <param name="roles">The account's roles; only read when <see cref="CarriesRoles"/> says the scopes carry them.</param>
    public static ClaimsIdentity Refresh(ClaimsIdentity identity, HarmonyUser user, IEnumerable<string> roles)
    {
        SetEmployeeClaims(identity, user, roles);
        identity.SetDestinations(Destinations);
        return identity;
    }

    /// <summary>
    /// The browser session the tokens were obtained in (decision 0035). It has no destination, so it never reaches an
    /// access or identity token, but OpenIddict keeps it in the authorization code and the refresh token, which only this
    /// server reads: the token endpoint refuses them once that session has ended.
    /// </summary>
    public static void SetSession(ClaimsIdentity identity, Guid sessionId) =>
        identity.SetClaim(Features.MyAccount.AccountSessions.ClaimType, sessionId.ToString());

    /// <summary>
    /// Whether tokens for these scopes carry the employee's admin roles: only with the admin scope, so an app that did not
    /// ask for it never sees them (and its sign-ins need not read them).
    /// </summary>
    public static bool CarriesRoles(IEnumerable<string> scopes) => scopes.Contains(HarmonyScopes.AdminApi, StringComparer.Ordinal);

    private static void SetEmployeeClaims(ClaimsIdentity identity, HarmonyUser user, IEnumerable<string> roles)
    {
        identity.SetClaims(Claims.Role, CarriesRoles(identity.GetScopes()) ? [.. roles] : []);
        identity.SetClaim(Claims.Subject, user.Id.ToString())
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.Locale, user.Locale)
            .SetClaim(HarmonyClaims.CompanyId, user.CompanyId.ToString());
    }

    public static IEnumerable<string> Destinations(Claim claim)
    {
        var scopes = claim.Subject?.GetScopes() ?? [];
        switch (claim.Type)
        {
            case Claims.Subject:
            case HarmonyClaims.CompanyId:
            case Claims.AuthenticationMethodReference:
            case Claims.AuthenticationTime:
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;

            case Claims.Name:
            case Claims.PreferredUsername:
            case Claims.Locale:
                yield return OpenIddictConstants.Destinations.AccessToken;
                if (scopes.Contains(Scopes.Profile)) yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;

            case Claims.Email:
                yield return OpenIddictConstants.Destinations.AccessToken;
                if (scopes.Contains(Scopes.Email)) yield return OpenIddictConstants.Destinations.IdentityToken;
                yield break;

            case Claims.Role:
                yield return OpenIddictConstants.Destinations.AccessToken;
                yield break;

            // Anything else (security stamps, internal markers) stays out of tokens.
            default:
                yield break;
        }
    }
}
