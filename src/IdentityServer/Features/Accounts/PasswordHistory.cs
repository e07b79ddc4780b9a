using Harmony.Identity.Contracts.Credentials;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>
/// The one place that sets a password (enrolment, reissue, first-sign-in conversion, reset), and the last five password
/// hashes of an account, the current one included (FAQ Q10).
/// </summary>
public sealed class PasswordHistory(HarmonyDbContext db, IPasswordHasher<HarmonyUser> hasher, TimeProvider time)
{
    public async Task<bool> WasUsedRecentlyAsync(HarmonyUser user, string password, CancellationToken cancellationToken = default)
    {
        var hashes = await db.PasswordHistory.AsNoTracking()
            .Where(h => h.UserId == user.Id)
            .OrderByDescending(h => h.Id)
            .Take(CredentialRules.PasswordHistoryCount)
            .Select(h => h.PasswordHash)
            .ToListAsync(cancellationToken);
        return hashes.Any(hash => hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed);
    }

    /// <summary>
    /// Sets a new password: hash, change time, a new security stamp (which ends other sessions and spent links) and
    /// the history entry. The caller saves.
    /// </summary>
    public Task SetPasswordAsync(HarmonyUser user, string password, CancellationToken cancellationToken = default) =>
        SetPasswordHashAsync(user, hasher.HashPassword(user, password), cancellationToken);

    /// <summary>
    /// As <see cref="SetPasswordAsync"/>, with a hash computed beforehand by the same hasher (the background import hashes
    /// outside its transaction). The caller saves.
    /// </summary>
    public async Task SetPasswordHashAsync(HarmonyUser user, string passwordHash, CancellationToken cancellationToken = default)
    {
        user.PasswordHash = passwordHash;
        user.PasswordChangedAt = time.GetUtcNow();
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await RecordAsync(user, cancellationToken);
    }

    /// <summary>Adds the account's current hash (call after setting it); older entries beyond five are removed on save.</summary>
    public async Task RecordAsync(HarmonyUser user, CancellationToken cancellationToken = default)
    {
        db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, CreatedAt = time.GetUtcNow() });
        var keep = CredentialRules.PasswordHistoryCount - 1;
        var stale = await db.PasswordHistory.Where(h => h.UserId == user.Id).OrderByDescending(h => h.Id).Skip(keep).ToListAsync(cancellationToken);
        db.PasswordHistory.RemoveRange(stale);
    }
}
