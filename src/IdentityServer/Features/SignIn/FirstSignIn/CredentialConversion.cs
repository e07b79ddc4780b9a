using FluentValidation.Results;
using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// First sign-in (FAQ Q10): the employee replaces temporary credentials with a permanent login ID and
/// password, in one transaction. Afterwards the temporary login ID no longer signs in.
/// </summary>
public sealed class CredentialConversion(
    HarmonyDbContext db,
    UserManager<HarmonyUser> users,
    PasswordHistory history,
    PasswordHashingSlots hashing,
    AuditLog audit)
{
    /// <summary>The password rules of the employee's company, which <see cref="ConvertAsync"/> applies.</summary>
    public Task<PasswordPolicy> PasswordPolicyAsync(HarmonyUser user, CancellationToken cancellationToken = default) =>
        db.PasswordPolicyOfAsync(user, cancellationToken);

    /// <summary>Checks every rule (the company's password rules among them); returns the failures (empty when the change was made).</summary>
    public async Task<IReadOnlyList<ValidationFailure>> ConvertAsync(HarmonyUser user, NewCredentials input, CancellationToken cancellationToken = default)
    {
        var validator = new NewCredentialsValidator(await PasswordPolicyAsync(user, cancellationToken));
        var failures = (await validator.ValidateAsync(input, cancellationToken)).Errors;
        if (failures.Count > 0) return failures;

        var loginId = input.LoginId!;
        // One slot for the history checks and the new hash together.
        using var slot = await hashing.EnterAsync(cancellationToken);
        if (await IsTakenAsync(user, loginId, cancellationToken))
        {
            return [Failure(nameof(NewCredentials.LoginId), CredentialRuleCodes.LoginIdTaken)];
        }
        if (await history.WasUsedRecentlyAsync(user, input.Password!, cancellationToken))
        {
            return [Failure(nameof(NewCredentials.Password), CredentialRuleCodes.PasswordHistory)];
        }

        try
        {
            await db.InTransactionAsync(async ct =>
            {
                user.UserName = loginId;
                user.NormalizedUserName = users.NormalizeName(loginId);
                user.CredentialKind = CredentialKind.Permanent;
                user.TemporaryExpiresAt = null;
                user.TemporaryExpired = false;
                user.ReservedLoginId = null;
                await history.SetPasswordAsync(user, input.Password!, ct);
                await db.SaveChangesAsync(ct);

                audit.Add(AuditEvents.CredentialsConverted, user);
                await db.SaveChangesAsync(ct);
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone took the login ID between the check and the save (the unique index said so).
            await db.Entry(user).ReloadAsync(cancellationToken);
            return [Failure(nameof(NewCredentials.LoginId), CredentialRuleCodes.LoginIdTaken)];
        }
        return [];
    }

    private async Task<bool> IsTakenAsync(HarmonyUser user, string loginId, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeName(loginId);
        return await db.Users.AnyAsync(u => u.Id != user.Id && (u.NormalizedUserName == normalized || u.ReservedLoginId == loginId), cancellationToken);
    }

    private static ValidationFailure Failure(string property, string code) =>
        new(property, CredentialRuleTexts.Message(code)) { ErrorCode = code };
}
