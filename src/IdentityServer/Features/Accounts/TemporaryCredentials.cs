using System.Security.Cryptography;
using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>Temporary credentials as handed to the employee once, in the My Page instruction email.</summary>
public sealed record IssuedCredentials(string LoginId, string Password, DateTimeOffset ExpiresAt);

/// <summary>
/// Issues temporary credentials (enrolment and reissue): a login ID that cannot collide with a permanent
/// one (it contains "_", which permanent IDs may not), a random password that itself satisfies the password
/// rules, and the company's expiry. The caller saves, in the same transaction as the rest of its change.
/// </summary>
public sealed class TemporaryCredentials(
    UserManager<HarmonyUser> users,
    PasswordHistory history,
    AuditLog audit,
    IEmployeeNotifier notifier,
    TimeProvider time)
{
    public const string LoginIdPrefix = "tmp_";

    // No look-alikes (0/o, 1/l/i) so that an ID or password read from an email is typed right the first time.
    private const string Lower = "abcdefghjkmnpqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "#$%+-=?@";

    public async Task<IssuedCredentials> IssueAsync(HarmonyUser user, CompanyPolicy policy, string reason, string? actor,
        CancellationToken cancellationToken = default)
    {
        var loginId = LoginIdPrefix + Random(Lower + Digits, 10);
        var password = NewPassword();
        var expiresAt = time.GetUtcNow().AddDays(policy.TemporaryValidityDays);

        user.UserName = loginId;
        user.NormalizedUserName = users.NormalizeName(loginId);
        user.CredentialKind = CredentialKind.Temporary;
        user.TemporaryExpiresAt = expiresAt;
        user.TemporaryExpired = false;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        await history.SetPasswordAsync(user, password, cancellationToken);
        audit.Add(AuditEvents.TemporaryCredentialsIssued, user, reason, actor: actor, details: $"expires {expiresAt:O}");
        var issued = new IssuedCredentials(loginId, password, expiresAt);
        await notifier.QueueInstructionEmailAsync(user, issued, cancellationToken);
        return issued;
    }

    /// <summary>Twelve characters: at least one of each class, shuffled; never "&amp;" and never a space.</summary>
    public static string NewPassword()
    {
        var characters = (Random(Upper, 2) + Random(Lower, 5) + Random(Digits, 3) + Random(Symbols, 2)).ToCharArray();
        RandomNumberGenerator.Shuffle(characters.AsSpan());
        var password = new string(characters);
        return CredentialRules.CheckPassword(password).Count == 0
            ? password
            : throw new InvalidOperationException("A generated temporary password broke the password rules.");
    }

    private static string Random(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}

/// <summary>Tells employees about their account by email; the email issue puts it on the outbox.</summary>
public interface IEmployeeNotifier
{
    /// <summary>Queues the My Page instruction email (login URL, temporary login ID and password, expiry).</summary>
    Task QueueInstructionEmailAsync(HarmonyUser user, IssuedCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>Queues the notice to <paramref name="formerAddress"/> that <paramref name="user"/>'s address is now <c>user.Email</c>.</summary>
    Task QueueEmailChangedNoticeAsync(HarmonyUser user, string formerAddress, CancellationToken cancellationToken = default);
}
