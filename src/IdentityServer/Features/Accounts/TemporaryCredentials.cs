using System.Security.Cryptography;
using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>Temporary credentials as handed to the employee once, in the My Page instruction email.</summary>
public sealed record IssuedCredentials(string LoginId, string Password, DateTimeOffset ExpiresAt);

/// <summary>
/// A temporary password generated and hashed ahead of the save (<see cref="TemporaryCredentials.Prepare"/>), so that the
/// slow hash runs outside the transaction. It lives in memory only: the password is never stored in clear text.
/// </summary>
public sealed record PreparedPassword(string Password, string Hash)
{
    public override string ToString() => nameof(PreparedPassword);
}

/// <summary>
/// Issues temporary credentials (enrolment and reissue): a login ID that cannot collide with a permanent
/// one (it contains "_", which permanent IDs may not), a random password that itself satisfies the password
/// rules, and the company's expiry. The caller saves, in the same transaction as the rest of its change.
/// </summary>
public sealed class TemporaryCredentials(
    UserManager<HarmonyUser> users,
    IPasswordHasher<HarmonyUser> hasher,
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

    public Task<IssuedCredentials> IssueAsync(HarmonyUser user, CompanyPolicy policy, string reason, string? actor,
        CancellationToken cancellationToken = default) =>
        IssueAsync(user, policy, reason, actor, prepared: null, cancellationToken);

    /// <summary>
    /// Issues with <paramref name="prepared"/>'s password and hash when given (the background import), otherwise with a
    /// new password hashed here; everything else (login ID, expiry, history, audit event, email) is the same.
    /// </summary>
    public async Task<IssuedCredentials> IssueAsync(HarmonyUser user, CompanyPolicy policy, string reason, string? actor,
        PreparedPassword? prepared, CancellationToken cancellationToken = default)
    {
        var loginId = LoginIdPrefix + Random(Lower + Digits, 10);
        var password = prepared?.Password ?? NewPassword();
        var expiresAt = time.GetUtcNow().AddDays(policy.TemporaryValidityDays);

        user.UserName = loginId;
        user.NormalizedUserName = users.NormalizeName(loginId);
        user.CredentialKind = CredentialKind.Temporary;
        user.TemporaryExpiresAt = expiresAt;
        user.TemporaryExpired = false;
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        if (prepared is null) await history.SetPasswordAsync(user, password, cancellationToken);
        else await history.SetPasswordHashAsync(user, prepared.Hash, cancellationToken);
        audit.Add(AuditEvents.TemporaryCredentialsIssued, user, reason, actor: actor, details: $"expires {expiresAt:O}");
        var issued = new IssuedCredentials(loginId, password, expiresAt);
        await notifier.QueueInstructionEmailAsync(user, issued, cancellationToken);
        return issued;
    }

    /// <summary>
    /// A new temporary password and its hash by the server's password hasher (which bounds how many hashes run at once),
    /// for <see cref="IssueAsync(HarmonyUser, CompanyPolicy, string, string?, PreparedPassword?, CancellationToken)"/>.
    /// </summary>
    public PreparedPassword Prepare()
    {
        var password = NewPassword();
        // The hasher does not read the account (the salt is random), so the account need not exist yet.
        return new PreparedPassword(password, hasher.HashPassword(new HarmonyUser(), password));
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

    /// <summary>Queues the notice that a passkey was added or removed (<paramref name="passkeyName"/> null: all of them, by an admin).</summary>
    Task QueuePasskeyNoticeAsync(HarmonyUser user, bool added, string? passkeyName, CancellationToken cancellationToken = default);
}
