using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Harmony.Identity.Server.Features.MyAccount;
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
/// session at once), which rebuilds the principal from the account for the request as Identity does. Identity then
/// writes the cookie again on every response; here it is written again only once it is <see cref="RenewEvery"/> old, so
/// that a session still ends <see cref="IdentityExtensions.SessionIdleLifetime"/> after its last use (give or take those
/// minutes, as its record's "last seen" does) without a new cookie on every response.
/// </summary>
public sealed class SessionStampValidator(
    IOptions<SecurityStampValidatorOptions> options,
    SignInManager<HarmonyUser> signIn,
    ILoggerFactory logger,
    TimeProvider time) : SecurityStampValidator<HarmonyUser>(options, signIn, logger)
{
    public static readonly TimeSpan RenewEvery = AccountSessions.LastSeenPrecision;

    protected override async Task SecurityStampVerified(HarmonyUser user, CookieValidatePrincipalContext context)
    {
        await base.SecurityStampVerified(user, context);
        context.ShouldRenew = context.Properties.IssuedUtc is not { } issued || time.GetUtcNow() - issued >= RenewEvery;
    }
}
