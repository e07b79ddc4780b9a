using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Features.Recovery;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// Unlock by email (FAQ Q3, decision 0025). When an account locks, its address gets a link that releases the lock.
/// The link carries its own proof, nothing is stored: the account, its security stamp and the end of this lock. It
/// works until the lock would end by itself, and dies once the lock ends in any way (the link itself, the release job,
/// an admin) or the password changes, because the stamp or the lock end it names is then gone.
/// </summary>
public sealed class UnlockLinks(
    AccountLinks links,
    HarmonyDbContext db,
    IEmailOutbox outbox,
    IEmailRestrictions restrictions,
    AuditLog audit,
    PublicUrls urls,
    IOptions<RecoveryOptions> options,
    TimeProvider time)
{
    private const string Purpose = "Harmony.SignIn.Unlock.v1";

    /// <summary>
    /// Queues the lockout notice with the unlock link, and its audit row, in the caller's save. Nothing is sent when
    /// the account has no address, the address is restricted, or the account already had its share of notices (the
    /// recovery emails' per-account limits): the audit row then says why.
    /// </summary>
    /// <param name="returnUrl">The app's request the locking attempt carried; the link keeps it (local URLs only) for the login page.</param>
    public async Task QueueAsync(
        HarmonyUser user, DateTimeOffset lockedUntil, string? clientId, string? returnUrl = null, CancellationToken cancellationToken = default)
    {
        var reason = string.IsNullOrWhiteSpace(user.Email) ? AuditReasons.NoAddress
            : await restrictions.IsRestrictedAsync(user.Email, cancellationToken) ? AuditReasons.Restricted
            : !await options.Value.AllowAnotherAsync(db, user.Id, LockoutNoticeEmail.EmailKind, time.GetUtcNow(), cancellationToken) ? AuditReasons.LimitReached
            : null;
        if (reason is null)
        {
            var token = links.Create(Purpose, new AccountLinkTicket(user.Id, user.SecurityStamp ?? "", lockedUntil));
            await outbox.EnqueueAsync(user.Id, new EmailRecipient(user.Email!, user.DisplayName, user.Locale),
                new LockoutNoticeEmail(urls.Unlock(token, RecoveryMail.KeptReturnUrl(returnUrl)), lockedUntil), cancellationToken);
        }
        audit.Add(AuditEvents.UnlockLinkSent, user, reason, clientId);
    }

    /// <summary>The account the link would unlock, or null when the link is not ours, expired or dead.</summary>
    public async Task<HarmonyUser?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (links.Read(Purpose, token) is not { } ticket) return null;
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == ticket.UserId, cancellationToken);
        return user is not null && user.SecurityStamp == ticket.Stamp && user.LockoutEnd == ticket.ExpiresAt ? user : null;
    }

    /// <summary>
    /// Releases the lock the link names, in one guarded statement (so a link unlocks once, however many times it is
    /// posted at the same moment), and audits it. False when the link is dead; it signs nobody in.
    /// </summary>
    public async Task<bool> ReleaseAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(token, cancellationToken) is not { } user) return false;
        var now = time.GetUtcNow();
        var lockedUntil = user.LockoutEnd;
        var released = await db.Users
            .Where(u => u.Id == user.Id && u.SecurityStamp == user.SecurityStamp && u.LockoutEnd == lockedUntil && u.LockoutEnd > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
        if (released == 0) return false;

        audit.Add(AuditEvents.LockoutReleased, user, AuditReasons.ByLink);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
