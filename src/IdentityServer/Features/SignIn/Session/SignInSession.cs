using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// A sign-in as it crosses requests: the pending cookie that carries it from the accepted password through the
/// second factor and the conversion, the claims the session cookie keeps (how and when the person authenticated),
/// and the return URL it goes back to. The pending cookie is short-lived and bound to the account's security stamp,
/// so it dies with any change to the account.
/// </summary>
public sealed class SignInSession(
    UserManager<HarmonyUser> users,
    SignInManager<HarmonyUser> signIn,
    HarmonyDbContext db,
    AuditLog audit,
    TimeProvider time)
{
    public const string PendingScheme = "Harmony.Pending";
    private const string StampClaim = "stamp";
    private const string StepClaim = "step";
    private const string ChallengeClaim = "challenge";

    /// <summary>
    /// The session cookie's claim naming its server-side record (<c>MyAccount/AccountSessions.cs</c>, decision 0031); also in
    /// the authorization codes and refresh tokens obtained in the session, never in a token an app reads (decision 0035).
    /// </summary>
    public const string SessionIdClaim = "harmony_session";

    /// <summary>The facts of a session that outlive the cookie's refreshes (the security stamp check rebuilds the rest).</summary>
    public static readonly string[] KeptClaims = [Claims.AuthenticationMethodReference, Claims.AuthenticationTime, SessionIdClaim];

    /// <summary>When the person of this session typed their password (<c>auth_time</c>), if the session says so.</summary>
    public static DateTimeOffset? AuthenticatedAt(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Claims.AuthenticationTime), out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Whether the person of this session typed their password (or used a passkey) within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool IsRecent(ClaimsPrincipal principal, DateTimeOffset now, TimeSpan window) =>
        AuthenticatedAt(principal) is { } at && now - at <= window;

    /// <summary>The client of the authorization request a return URL points to, for audit and per-app checks.</summary>
    public static string? ClientIdOf(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl)) return null;
        var query = returnUrl.IndexOf('?');
        if (query < 0 || !returnUrl.StartsWith(Routes.Authorize, StringComparison.Ordinal)) return null;
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(returnUrl[query..]);
        return parameters.TryGetValue(Parameters.ClientId, out var clientId) ? clientId.ToString() : null;
    }

    /// <param name="challengeId">The server-side challenge this step answers (the second factor), so that voiding it kills every copy of the cookie.</param>
    public async Task StartPendingAsync(HttpContext context, HarmonyUser user, PendingStep step, IEnumerable<string> authenticationMethods,
        string? challengeId = null)
    {
        var identity = new ClaimsIdentity(PendingScheme);
        identity.AddClaim(new Claim(Claims.Subject, user.Id.ToString()));
        identity.AddClaim(new Claim(StepClaim, step.ToString()));
        identity.AddClaim(new Claim(StampClaim, await users.GetSecurityStampAsync(user)));
        if (challengeId is not null) identity.AddClaim(new Claim(ChallengeClaim, challengeId));
        foreach (var method in authenticationMethods) identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, method));
        await context.SignInAsync(PendingScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>
    /// The pending sign-in at this step, or null when there is no valid one. Whether its challenge is still open is
    /// the caller's to check with its owner.
    /// </summary>
    public async Task<PendingSignIn?> FindPendingAsync(HttpContext context, PendingStep step)
    {
        var result = await context.AuthenticateAsync(PendingScheme);
        if (!result.Succeeded || result.Principal.FindFirstValue(StepClaim) != step.ToString()) return null;
        var user = await users.FindByIdAsync(result.Principal.FindFirstValue(Claims.Subject) ?? "");
        if (user is null || user.SecurityStamp != result.Principal.FindFirstValue(StampClaim)) return null;
        return new(user, result.Principal.FindAll(Claims.AuthenticationMethodReference).Select(c => c.Value).ToList(),
            result.Principal.FindFirstValue(ChallengeClaim));
    }

    /// <summary>Ends the pending step, opens the session that the authorization endpoint reads, and audits the sign-in.</summary>
    /// <param name="auditDetail">What the audit row says besides the methods, e.g. which passkey signed in.</param>
    public async Task CompleteAsync(HttpContext context, HarmonyUser user, IEnumerable<string> authenticationMethods, string? returnUrl,
        string? auditDetail = null)
    {
        var now = time.GetUtcNow();
        var methods = authenticationMethods.Distinct().ToList();
        await context.SignOutAsync(PendingScheme);
        var claims = methods.Select(m => new Claim(Claims.AuthenticationMethodReference, m)).ToList();
        claims.Add(new Claim(Claims.AuthenticationTime,
            now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);

        user.LastSignInAt = now;
        audit.Add(AuditEvents.SignInSucceeded, user, clientId: ClientIdOf(returnUrl), details: "amr " + string.Join(' ', methods) + (auditDetail is null ? "" : "; " + auditDetail));
        await db.SaveChangesAsync();
    }

    public Task CancelPendingAsync(HttpContext context) => context.SignOutAsync(PendingScheme);
}

/// <summary>What a pending sign-in still has to do.</summary>
public enum PendingStep
{
    SecondFactor,
    Conversion,
    /// <summary>The right temporary password after expiry: only the expired-credentials page, which may send a reissue request (decision 0028).</summary>
    TemporaryExpired,
    AuthenticatorCode,
    EnrolAuthenticator,
}

/// <summary>A sign-in past its password: the account, the methods used so far, and the challenge the step answers.</summary>
public sealed record PendingSignIn(HarmonyUser User, IReadOnlyList<string> Methods, string? ChallengeId);
