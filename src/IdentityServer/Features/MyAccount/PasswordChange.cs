using FluentValidation.Results;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.Recovery;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.MyAccount;

/// <summary>What a password change on the My account page came to; the failures name the new password's broken rules.</summary>
public enum PasswordChangeOutcome
{
    Changed,
    /// <summary>The new password breaks a rule (the failures say which).</summary>
    Invalid,
    /// <summary>The current password was left empty; nothing was counted.</summary>
    CurrentPasswordMissing,
    /// <summary>The current password is wrong: counted like a wrong password at the login page.</summary>
    WrongCurrentPassword,
    /// <summary>The account is locked (now or before): the form refuses until the lock ends.</summary>
    Locked,
    /// <summary>Too many attempts for this login ID just now (the login page's throttle); nothing was checked.</summary>
    TooManyAttempts,
}

public sealed record PasswordChangeResult(PasswordChangeOutcome Outcome, IReadOnlyList<ValidationFailure> Failures);

/// <summary>
/// Change password on the My account page (decision 0031): the current password is checked and counted exactly as a
/// sign-in attempt (lockout, unlock email, audit); the new one meets the very rules, common-password screen and history
/// of the conversion and reset pages (<see cref="PasswordReset.SetAsync"/>). Then, as after a reset, every other session
/// ends (new security stamp, session records revoked), refresh tokens are revoked, the employee is told by email, and
/// this browser's session is issued again with the new stamp, so it stays signed in.
/// </summary>
public sealed class PasswordChange(
    HarmonyDbContext db,
    PasswordSignIn passwords,
    SignInAttemptThrottle throttle,
    PasswordReset reset,
    AccountSessions sessions,
    SignInManager<HarmonyUser> signIn,
    IEmailOutbox outbox,
    TimeProvider time)
{
    public Task<Contracts.Credentials.PasswordPolicy> PasswordPolicyAsync(HarmonyUser user, CancellationToken cancellationToken = default) =>
        reset.PasswordPolicyAsync(user, cancellationToken);

    public async Task<PasswordChangeResult> ChangeAsync(HttpContext context, HarmonyUser user, string? currentPassword, NewPassword input,
        CancellationToken cancellationToken = default)
    {
        var ruleFailures = (await new NewPasswordValidator(await PasswordPolicyAsync(user, cancellationToken))
            .ValidateAsync(input, cancellationToken)).Errors;
        if (string.IsNullOrEmpty(currentPassword))
        {
            return new(PasswordChangeOutcome.CurrentPasswordMissing, ruleFailures);
        }
        if (!throttle.TryAcquire(user.UserName ?? user.Id.ToString())) return new(PasswordChangeOutcome.TooManyAttempts, []);

        var policy = await db.PolicyOfAsync(user.CompanyId, cancellationToken);
        switch (await passwords.CheckCountedAsync(user, policy, currentPassword, clientId: null, returnUrl: null, cancellationToken))
        {
            case CountedPasswordCheck.Locked:
                return new(PasswordChangeOutcome.Locked, []);
            case CountedPasswordCheck.Wrong:
                return new(PasswordChangeOutcome.WrongCurrentPassword, ruleFailures);
        }
        if (ruleFailures.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new(PasswordChangeOutcome.Invalid, ruleFailures);
        }

        var failures = await reset.SetAsync(user, input, AuditEvents.PasswordChanged, AuditReasons.ByEmployee, cancellationToken);
        if (failures.Count > 0) return new(PasswordChangeOutcome.Invalid, failures);

        var thisSession = AccountSessions.IdOf(context.User);
        await sessions.RevokeAllAsync(user.Id, except: thisSession, cancellationToken);
        if (!string.IsNullOrWhiteSpace(user.Email))
        {
            await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email, user.DisplayName, user.Locale),
                new PasswordChangedEmail(time.GetUtcNow()), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        // The same session (its id, how and when the person signed in) under the new security stamp.
        var kept = context.User.Claims.Where(c => SignInSession.KeptClaims.Contains(c.Type)).ToList();
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, kept);
        return new(PasswordChangeOutcome.Changed, []);
    }
}
