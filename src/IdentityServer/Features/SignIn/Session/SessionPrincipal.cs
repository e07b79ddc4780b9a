using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The session cookie's principal: the account's ID, login ID and email, and the security stamp that
/// <see cref="SessionStampValidator"/> compares. No roles and no stored claims: nothing reads them from the cookie (tokens
/// and the admin API read roles from the database when they decide), so building it costs no query. Identity's own
/// factory runs two (claims and roles) at every sign-in and, with the stamp checked on every request, on every request
/// with a session.
/// </summary>
public sealed class SessionPrincipalFactory(IOptions<IdentityOptions> options) : IUserClaimsPrincipalFactory<HarmonyUser>
{
    public Task<ClaimsPrincipal> CreateAsync(HarmonyUser user)
    {
        var types = options.Value.ClaimsIdentity;
        var identity = new ClaimsIdentity(IdentityConstants.ApplicationScheme, types.UserNameClaimType, types.RoleClaimType);
        identity.AddClaim(new Claim(types.UserIdClaimType, user.Id.ToString()));
        identity.AddClaim(new Claim(types.UserNameClaimType, user.UserName ?? ""));
        if (!string.IsNullOrEmpty(user.Email)) identity.AddClaim(new Claim(types.EmailClaimType, user.Email));
        identity.AddClaim(new Claim(types.SecurityStampClaimType, user.SecurityStamp ?? ""));
        return Task.FromResult(new ClaimsPrincipal(identity));
    }
}

/// <summary>
/// Identity's security-stamp check, run on every request with a session (a suspension or "sign out everywhere" ends the
/// session at once), which rebuilds the principal from the account for the request as Identity does, but does not write
/// it back into the cookie: rebuilt on every request, it would only cost a new cookie on every response. The cookie's
/// own sliding expiration still renews it.
/// </summary>
public sealed class SessionStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<HarmonyUser> signIn,
    ILoggerFactory logger) : SecurityStampValidator<HarmonyUser>(options, signIn, logger)
{
    protected override async Task SecurityStampVerified(HarmonyUser user, CookieValidatePrincipalContext context)
    {
        await base.SecurityStampVerified(user, context);
        context.ShouldRenew = false;
    }
}
