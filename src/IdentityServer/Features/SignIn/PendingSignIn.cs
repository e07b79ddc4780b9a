using System.Security.Claims;
using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// A sign-in that has passed the password but still has a step to do (the credential conversion, and the
/// second factor) before it becomes a session. Kept in its own short-lived cookie, bound to the account's
/// security stamp, so it dies with any change to the account.
/// </summary>
public sealed class PendingSignIn(
    UserManager<HarmonyUser> users,
    SignInManager<HarmonyUser> signIn,
    HarmonyDbContext db,
    AuditLog audit,
    TimeProvider time)
{
    public const string Scheme = "Harmony.Pending";
    private const string StampClaim = "stamp";
    private const string StepClaim = "step";
    private const string ChallengeClaim = "challenge";

    /// <param name="challengeId">The server-side challenge this step answers (the second factor), so that voiding it kills every copy of the cookie.</param>
    public async Task StartAsync(HttpContext context, HarmonyUser user, PendingStep step, IEnumerable<string> authenticationMethods,
        string? challengeId = null)
    {
        var identity = new ClaimsIdentity(Scheme);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(StepClaim, step.ToString()));
        identity.AddClaim(new Claim(StampClaim, await users.GetSecurityStampAsync(user)));
        if (challengeId is not null) identity.AddClaim(new Claim(ChallengeClaim, challengeId));
        foreach (var method in authenticationMethods) identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, method));
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// The account, the methods used so far and the challenge this step answers, or null when there is no valid pending
    /// sign-in at this step. Whether the challenge is still open is the caller's to check with its owner.
    /// </summary>
    public async Task<(HarmonyUser User, IReadOnlyList<string> Methods, string? ChallengeId)?> FindAsync(HttpContext context, PendingStep step)
    {
        var result = await context.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(StepClaim) != step.ToString()) return null;
        var user = await users.FindByIdAsync(result.Principal.FindFirstValue(Claims.Subject) ?? "");
        if (user is null || user.SecurityStamp != result.Principal.FindFirstValue(StampClaim)) return null;
        return (user, result.Principal.FindAll(Claims.AuthenticationMethodReference).Select(c => c.Value).ToList(),
            result.Principal.FindFirstValue(ChallengeClaim));
    }

    /// <summary>Ends the pending step, opens the session that the authorization endpoint reads, and audits the sign-in.</summary>
    public async Task CompleteAsync(HttpContext context, HarmonyUser user, IEnumerable<string> authenticationMethods, string? clientId)
    {
        var now = time.GetUtcNow();
        var methods = authenticationMethods.Distinct().ToList();
        await context.SignOutAsync(Scheme);
        var claims = methods.Select(m => new Claim(Claims.AuthenticationMethodReference, m)).ToList();
        claims.Add(new Claim(Claims.AuthenticationTime,
            now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);

        user.LastSignInAt = now;
        audit.Add(AuditEvents.SignInSucceeded, user, clientId: clientId, details: "amr " + string.Join(' ', methods));
        await db.SaveChangesAsync();
    }

    public Task CancelAsync(HttpContext context) => context.SignOutAsync(Scheme);
}

/// <summary>What a pending sign-in still has to do.</summary>
public enum PendingStep
{
    SecondFactor,
    Conversion,
}

/// <summary>The facts of a session that outlive the cookie's refreshes: how and when the person authenticated.</summary>
public static class SessionClaims
{
    public static readonly string[] Kept = [Claims.AuthenticationMethodReference, Claims.AuthenticationTime];

    public static DateTimeOffset? AuthenticatedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Claims.AuthenticationTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>Where a return URL points: the client of an authorization request, for audit and per-app checks.</summary>
public static class ReturnUrls
{
    public static string? ClientIdOf(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl)) return null;
        var query = returnUrl.IndexOf('?');
        if (query < 0 || !returnUrl.StartsWith("/connect/authorize", StringComparison.Ordinal)) return null;
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[query..]);
        return parameters.TryGetValue(Parameters.ClientId, out var clientId) ? clientId.ToString() : null;
    }

    public static string LocalOrHome(this Microsoft.AspNetCore.Mvc.IUrlHelper url, string? returnUrl) =>
        url.IsLocalUrl(returnUrl) ? returnUrl! : "~/";
}
