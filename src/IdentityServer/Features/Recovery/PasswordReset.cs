using FluentValidation;
using FluentValidation.Results;
using Harmony.Identity.Contracts.Credentials;
using Harmony.Identity.Server.Features.SignIn;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Recovery;

/// <summary>A new password chosen through a reset link, typed twice.</summary>
public sealed record NewPassword(string? Password, string? PasswordConfirmation);

public sealed class NewPasswordValidator : AbstractValidator<NewPassword>
{
    public NewPasswordValidator(PasswordPolicy? policy = null)
    {
        RuleFor(x => x.Password).MustBeValidPassword(policy);
        RuleFor(x => x.PasswordConfirmation).MustConfirmPassword(x => x.Password);
    }
}

/// <summary>
/// Sets the password chosen through a reset link: the company's password rules and the history of five apply; the security stamp
/// changes, so the link is spent and every other session of the account ends; its tokens and authorizations are revoked.
/// A lock ends too: the link proves the address as the unlock link does, and the lockout email tells a person whose
/// account was attacked to reset the password (decision 0025).
/// </summary>
public sealed class PasswordReset(
    HarmonyDbContext db,
    PasswordHistory history,
    PasswordHashingSlots hashing,
    AccountLifecycle accounts,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>The password rules of the account's company, which <see cref="ResetAsync"/> applies.</summary>
    public Task<PasswordPolicy> PasswordPolicyAsync(HarmonyUser user, CancellationToken cancellationToken = default) =>
        db.PasswordPolicyOfAsync(user, cancellationToken);

    public Task<IReadOnlyList<ValidationFailure>> ResetAsync(HarmonyUser user, NewPassword input, CancellationToken cancellationToken = default) =>
        SetAsync(user, input, AuditEvents.PasswordReset, reason: null, releasesLock: true, cancellationToken);

    /// <summary>
    /// As <see cref="ResetAsync"/>, audited as <paramref name="auditEvent"/>: the My account page's change (decision 0031)
    /// applies exactly the same rules, history and revocations. Only the reset releases a lock (the change's form refuses a
    /// locked account).
    /// </summary>
    public Task<IReadOnlyList<ValidationFailure>> SetAsync(HarmonyUser user, NewPassword input, string auditEvent, string? reason,
        CancellationToken cancellationToken = default) =>
        SetAsync(user, input, auditEvent, reason, releasesLock: false, cancellationToken);

    private async Task<IReadOnlyList<ValidationFailure>> SetAsync(HarmonyUser user, NewPassword input, string auditEvent, string? reason,
        bool releasesLock, CancellationToken cancellationToken)
    {
        var validator = new NewPasswordValidator(await PasswordPolicyAsync(user, cancellationToken));
        var failures = (await validator.ValidateAsync(input, cancellationToken)).Errors;
        if (failures.Count > 0) return failures;
        // One slot for the history checks and the new hash together.
        using var slot = await hashing.EnterAsync(cancellationToken);
        if (await history.WasUsedRecentlyAsync(user, input.Password!, cancellationToken))
        {
            return [new ValidationFailure(nameof(NewPassword.Password), CredentialRuleTexts.Message(CredentialRuleCodes.PasswordHistory))
                { ErrorCode = CredentialRuleCodes.PasswordHistory }];
        }

        await history.SetPasswordAsync(user, input.Password!, cancellationToken);
        audit.Add(auditEvent, user, reason);
        if (releasesLock)
        {
            if (user.LockoutEnd > time.GetUtcNow()) audit.Add(AuditEvents.LockoutReleased, user, AuditReasons.ByPasswordReset);
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        await db.SaveChangesAsync(cancellationToken);
        await accounts.RevokeAllAsync(user.Id, cancellationToken);
        return [];
    }
}
