using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.SignIn;

public enum PasswordSignInStatus
{
    Succeeded,
    MustConvert,
    InvalidCredentials,
    Locked,
    TemporaryExpired,
    CompanyUnavailable,
    /// <summary>Too many attempts for this login ID just now; nothing was checked or counted.</summary>
    TooManyAttempts,
}

/// <summary>What a counted password check found (<see cref="PasswordSignIn.CheckCountedAsync"/>).</summary>
public enum CountedPasswordCheck
{
    Right,
    Wrong,
    /// <summary>Locked before or by this attempt, or every allowed failure is held by attempts in flight.</summary>
    Locked,
}

public sealed record PasswordSignInResult(
    PasswordSignInStatus Status, HarmonyUser? User = null, string? ReferenceCode = null, CompanyPolicy? Policy = null);

/// <summary>
/// Checks a login ID and password and decides what the person sees (PRODUCT §3): every path costs one
/// password hash, every outcome is audited, and unknown IDs answer exactly like wrong passwords.
/// </summary>
public sealed class PasswordSignIn(
    UserManager<HarmonyUser> users,
    HarmonyDbContext db,
    Lockout lockout,
    UnknownLoginLockout unknownLogins,
    UnknownUserTiming timing,
    PasswordHashingSlots hashing,
    SignInAttemptThrottle throttle,
    AccountGate gate,
    AuditLog audit,
    UnlockLinks unlockLinks,
    HarmonyMetrics metrics)
{
    /// <param name="returnUrl">Where the sign-in was going (the app's request); the unlock link, if this attempt locks, brings the person back there.</param>
    public async Task<PasswordSignInResult> CheckAsync(
        string loginId, string password, string? clientId, string? returnUrl = null, CancellationToken cancellationToken = default)
    {
        // Before any lookup or hash, and the same for every ID, so that it costs nothing and tells nothing.
        if (!throttle.TryAcquire(loginId)) return new(PasswordSignInStatus.TooManyAttempts);

        var user = await users.FindByNameAsync(loginId);
        if (user is null)
        {
            return await UnknownLoginIdAsync(loginId, password, clientId, cancellationToken);
        }

        var (policy, company) = await db.SignInFactsOfAsync(user.CompanyId, cancellationToken);
        switch (await CheckCountedAsync(user, policy, password, clientId, returnUrl, cancellationToken))
        {
            case CountedPasswordCheck.Locked:
                return new(PasswordSignInStatus.Locked, user);
            case CountedPasswordCheck.Wrong:
                return new(PasswordSignInStatus.InvalidCredentials, user);
        }

        var result = await GateAsync(gate, audit, user, policy, company, clientId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// The verdict of <see cref="AccountGate"/> on an account whose credential was right (a password here, a passkey in
    /// <see cref="PasskeySignIn"/>), as a status; a refusal is audited in the caller's save.
    /// </summary>
    /// <param name="company">The company as read with <paramref name="policy"/>, before the credential was checked.</param>
    internal static async Task<PasswordSignInResult> GateAsync(AccountGate gate, AuditLog audit, HarmonyUser user, CompanyPolicy policy,
        CompanyStanding company, string? clientId, CancellationToken cancellationToken)
    {
        var access = await gate.CheckAsync(user, clientId, company, cancellationToken);
        var result = access switch
        {
            AccountAccess.Allowed => new PasswordSignInResult(PasswordSignInStatus.Succeeded, user),
            AccountAccess.MustConvert => new PasswordSignInResult(PasswordSignInStatus.MustConvert, user),
            AccountAccess.TemporaryExpired => new PasswordSignInResult(PasswordSignInStatus.TemporaryExpired, user),
            AccountAccess.Locked => new PasswordSignInResult(PasswordSignInStatus.Locked, user),
            AccountAccess.CompanyInactive or AccountAccess.ClientNotAllowed =>
                new PasswordSignInResult(PasswordSignInStatus.CompanyUnavailable, user, ReferenceCodes.New()),
            // A suspended employee is told what anyone with a wrong password is told (FAQ Q1, cause 2).
            _ => new PasswordSignInResult(PasswordSignInStatus.InvalidCredentials, user),
        };

        // Success is audited when the session starts, after any second factor or conversion.
        if (result.Status is PasswordSignInStatus.Succeeded or PasswordSignInStatus.MustConvert) return result with { Policy = policy };
        audit.Add(AuditEvents.SignInFailed, user, access.ToString(), clientId, result.ReferenceCode);
        return result;
    }

    /// <summary>
    /// The password of a known account, counted for its lockout like every sign-in attempt (decision 0005): one hash, a
    /// failure audited (and saved), the lock and its unlock email when this attempt reaches the threshold. The login form
    /// and the My account page's "current password" (decision 0031) both ask here. A right password resets the count and
    /// replaces an outdated hash on the account (saved by the caller).
    /// </summary>
    public async Task<CountedPasswordCheck> CheckCountedAsync(HarmonyUser user, CompanyPolicy policy, string password, string? clientId,
        string? returnUrl, CancellationToken cancellationToken = default)
    {
        bool counted;
        PasswordVerificationResult verification;
        string? rehashed = null;
        // The slot is taken before the attempt is counted: a busy server must not count attempts it never judged.
        using (await hashing.EnterAsync(cancellationToken))
        {
            counted = await lockout.TryBeginAttemptAsync(user, policy, cancellationToken);
            // Verified even when locked, so that the time taken does not tell the cases apart.
            verification = user.PasswordHash is null
                ? PasswordVerificationResult.Failed
                : users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, password);
            if (verification == PasswordVerificationResult.SuccessRehashNeeded) rehashed = users.PasswordHasher.HashPassword(user, password);
        }

        if (!counted)
        {
            // Locked, or every allowed failure is held by attempts in flight: no verdict for this one.
            if (await lockout.LockIfDueAsync(user, policy, cancellationToken) is { } lockedUntil)
            {
                await LockedOutAsync(user, policy, lockedUntil, clientId, returnUrl, cancellationToken);
            }
            audit.Add(AuditEvents.SignInFailed, user, AuditReasons.Locked, clientId);
            await db.SaveChangesAsync(cancellationToken);
            return CountedPasswordCheck.Locked;
        }

        if (verification == PasswordVerificationResult.Failed)
        {
            var lockedUntil = await lockout.LockIfDueAsync(user, policy, cancellationToken);
            audit.Add(AuditEvents.SignInFailed, user, AuditReasons.WrongPassword, clientId);
            if (lockedUntil is { } end) await LockedOutAsync(user, policy, end, clientId, returnUrl, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return lockedUntil is null ? CountedPasswordCheck.Wrong : CountedPasswordCheck.Locked;
        }

        if (!await lockout.TrySucceedAsync(user, cancellationToken))
        {
            // Parallel attempts locked the account while this password was being checked: it stays locked.
            await audit.RecordAsync(AuditEvents.SignInFailed, user, AuditReasons.Locked, clientId, cancellationToken: cancellationToken);
            return CountedPasswordCheck.Locked;
        }
        if (rehashed is not null) user.PasswordHash = rehashed;
        return CountedPasswordCheck.Right;
    }

    /// <summary>The transition to locked: audited, and the unlock link emailed, in the caller's save.</summary>
    private async Task LockedOutAsync(
        HarmonyUser user, CompanyPolicy policy, DateTimeOffset lockedUntil, string? clientId, string? returnUrl, CancellationToken cancellationToken)
    {
        audit.Add(AuditEvents.LockedOut, user, clientId: clientId, details: $"threshold {policy.LockoutThreshold}");
        metrics.LockedOut(knownAccount: true);
        await unlockLinks.QueueAsync(user, lockedUntil, clientId, returnUrl, cancellationToken);
    }

    private async Task<PasswordSignInResult> UnknownLoginIdAsync(string loginId, string password, string? clientId, CancellationToken cancellationToken)
    {
        // Spend the same time as a real password check, so response time does not reveal unknown login IDs.
        using (await hashing.EnterAsync(cancellationToken)) timing.VerifyAgainstDummyHash(password);
        var key = await unknownLogins.KeyAsync(loginId, cancellationToken);
        var alreadyLocked = await unknownLogins.IsLockedAsync(key, cancellationToken);
        var lockedNow = !alreadyLocked && await unknownLogins.RegisterFailureAsync(key, cancellationToken);
        if (lockedNow) metrics.LockedOut(knownAccount: false);
        var locked = alreadyLocked || lockedNow;
        await audit.RecordAsync(AuditEvents.SignInFailed, reason: locked ? AuditReasons.Locked : AuditReasons.UnknownLoginId,
            clientId: clientId, cancellationToken: cancellationToken);
        return new(locked ? PasswordSignInStatus.Locked : PasswordSignInStatus.InvalidCredentials);
    }
}
