using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>What the company's policy and the employee's own setup ask after the password.</summary>
public enum SecondFactorRoute
{
    None,
    Email,
    Authenticator,

    /// <summary>The policy asks for the authenticator and the employee has none yet: set one up before the session opens.</summary>
    EnrolAuthenticator,
}

/// <summary>
/// The authenticator app's part of the sign-in (decision 0029): which second factor this sign-in uses, the code page's
/// challenge and check (counted by <see cref="SecondFactorAttempts"/> like email codes), and whether the employee
/// must set an authenticator up before the session opens.
/// </summary>
public sealed class AuthenticatorSignIn(
    Authenticators authenticators,
    SecondFactorAttempts attempts,
    IEmailRestrictions restrictions)
{
    /// <summary>As long as the pending cookie lives: the code page has no code of its own to expire.</summary>
    public static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(15);

    public static SecondFactorRoute RouteFor(SecondFactorMode mode, SecondFactorChoice? choice, bool enrolled) => mode switch
    {
        SecondFactorMode.Off => SecondFactorRoute.None,
        SecondFactorMode.Authenticator => enrolled ? SecondFactorRoute.Authenticator : SecondFactorRoute.EnrolAuthenticator,
        SecondFactorMode.EmployeeChoice => choice == SecondFactorChoice.Authenticator && enrolled ? SecondFactorRoute.Authenticator : SecondFactorRoute.Email,
        _ => SecondFactorRoute.Email,
    };

    public async Task<SecondFactorRoute> RouteAsync(HarmonyUser user, CompanyPolicy policy, CancellationToken cancellationToken = default) =>
        policy.SecondFactor is SecondFactorMode.Off or SecondFactorMode.Email or SecondFactorMode.Passkey
            ? RouteFor(policy.SecondFactor, null, enrolled: false)
            : RouteFor(policy.SecondFactor, user.SecondFactorChoice, await authenticators.IsEnrolledAsync(user.Id, cancellationToken));

    /// <summary>
    /// Whether an email code can prove the mailbox before an authenticator is bound: then someone who has only the
    /// password cannot set up their own authenticator on the account.
    /// </summary>
    public async Task<bool> CanMailCodeAsync(HarmonyUser user, CancellationToken cancellationToken = default) =>
        !string.IsNullOrWhiteSpace(user.Email) && !await restrictions.IsRestrictedAsync(user.Email, cancellationToken);

    /// <summary>The policy asks for the authenticator and this account has none: the enrolment comes before the session.</summary>
    public async Task<bool> MustEnrolAsync(HarmonyUser user, CompanyPolicy policy, CancellationToken cancellationToken = default) =>
        policy.SecondFactor == SecondFactorMode.Authenticator && !await authenticators.IsEnrolledAsync(user.Id, cancellationToken);

    public Task<string> OpenChallengeAsync(HarmonyUser user, CancellationToken cancellationToken = default) =>
        attempts.OpenAsync(user, ChallengeLifetime, cancellationToken);

    public Task<bool> IsOpenAsync(HarmonyUser user, string? challengeId, CancellationToken cancellationToken = default) =>
        attempts.IsOpenAsync(user, challengeId, cancellationToken);

    /// <summary>A code from the app, or one of the recovery codes, counted on the challenge like an email code.</summary>
    public Task<CodeCheck> VerifyAsync(HarmonyUser user, string? challengeId, string? code, bool recoveryCode,
        CancellationToken cancellationToken = default) =>
        attempts.CheckAsync(user, challengeId, (_, ct) => recoveryCode
            ? authenticators.RedeemRecoveryCodeAsync(user, code, ct)
            : authenticators.VerifyCodeAsync(user, code, ct), cancellationToken);
}
