using System.Security.Cryptography;
using System.Text;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Counts consecutive failed sign-ins and locks accounts (FAQ Q3) with atomic SQL updates. An attempt claims its
/// place in the count before the password is checked, so that parallel attempts never get more verdicts than the
/// threshold allows; a right password then resets the count only if the account is still unlocked (rows affected),
/// never on the strength of the row read before hashing. Attempts made while locked are not counted; locking resets
/// the count.
/// </summary>
public sealed class Lockout(HarmonyDbContext db, TimeProvider time)
{
    /// <summary>
    /// Counts the attempt as a failure until it proves otherwise. False when the account is locked, or when attempts
    /// in flight already hold every failure the policy allows: this one gets no verdict.
    /// </summary>
    public async Task<bool> TryBeginAttemptAsync(HarmonyUser user, CompanyPolicy policy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now) && u.AccessFailedCount < policy.LockoutThreshold)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);
        return claimed > 0;
    }

    /// <summary>
    /// Locks the account when the count has reached the threshold; the end of the lock when this call locked it
    /// (exactly one does), otherwise null. The end is cut to whole microseconds, so that it reads back exactly on every
    /// database (PostgreSQL keeps no finer): the unlock link is bound to it.
    /// </summary>
    public async Task<DateTimeOffset?> LockIfDueAsync(HarmonyUser user, CompanyPolicy policy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var end = now + policy.LockoutDuration;
        var lockedUntil = end.AddTicks(-(end.UtcTicks % TimeSpan.TicksPerMicrosecond));
        var locked = await db.Users
            .Where(u => u.Id == user.Id && u.AccessFailedCount >= policy.LockoutThreshold && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, lockedUntil)
                .SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
        return locked > 0 ? lockedUntil : null;
    }

    /// <summary>The right password: resets the count, unless the account was locked meanwhile (then false: it stays locked).</summary>
    public async Task<bool> TrySucceedAsync(HarmonyUser user, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var reset = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null), cancellationToken);
        return reset > 0;
    }
}

/// <summary>
/// The same lockout for login IDs that match no account, keyed by an HMAC of the normalized ID with a server
/// secret, so the raw ID is never stored and "locked" appears after the same number of failures.
/// </summary>
public sealed class UnknownLoginLockout(HarmonyDbContext db, TimeProvider time, ServerSecrets secrets, IOptions<CompanyDefaultsOptions> defaults)
{
    private CompanyPolicy Policy => defaults.Value.Policy;

    public async Task<string> KeyAsync(string loginId, CancellationToken cancellationToken = default)
    {
        var key = await secrets.GetAsync(ServerSecrets.UnknownLoginIdKey, cancellationToken);
        var normalized = Encoding.UTF8.GetBytes(loginId.Trim().ToUpperInvariant());
        return Convert.ToHexString(HMACSHA256.HashData(key, normalized));
    }

    public async Task<bool> IsLockedAsync(string key, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await db.UnknownLoginFailures.AnyAsync(f => f.KeyHash == key && f.LockedUntil > now, cancellationToken);
    }

    /// <summary>Counts one failure; returns true when the ID is (now) locked.</summary>
    public async Task<bool> RegisterFailureAsync(string key, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var counted = await IncrementAsync(key, now, cancellationToken);
        if (counted == 0)
        {
            db.UnknownLoginFailures.Add(new UnknownLoginFailure { KeyHash = key, FailedCount = 1, LastFailureAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                // Another request inserted the row first (or it is locked): count on the row that exists.
                db.ChangeTracker.Clear();
                await IncrementAsync(key, now, cancellationToken);
            }
        }

        var lockedUntil = now + Policy.LockoutDuration;
        await db.UnknownLoginFailures
            .Where(f => f.KeyHash == key && f.FailedCount >= Policy.LockoutThreshold && (f.LockedUntil == null || f.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.LockedUntil, lockedUntil).SetProperty(f => f.FailedCount, 0), cancellationToken);
        return await IsLockedAsync(key, cancellationToken);
    }

    private Task<int> IncrementAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.UnknownLoginFailures
            .Where(f => f.KeyHash == key && (f.LockedUntil == null || f.LockedUntil <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.FailedCount, f => f.FailedCount + 1)
                .SetProperty(f => f.LastFailureAt, now), cancellationToken);
}

/// <summary>Failures against login IDs that match no account, keyed by an HMAC of the ID.</summary>
public sealed class UnknownLoginFailureConfiguration : IEntityTypeConfiguration<UnknownLoginFailure>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<UnknownLoginFailure> failure)
    {
        failure.ToTable("UnknownLoginFailures");
        failure.HasKey(f => f.KeyHash);
        failure.Property(f => f.KeyHash).HasMaxLength(64);
        failure.HasIndex(f => f.LastFailureAt);
    }
}
