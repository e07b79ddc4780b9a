using Harmony.Identity.Server.Data;
using Harmony.Identity.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Harmony.Identity.Server.Features.Accounts;

public enum LifecycleResult
{
    Done,
    NotFound,
    NoChange,
}

/// <summary>
/// What a representative or operator does to an account (PRODUCT §2): suspend, resume (= reissue), unlock.
/// The admin issue puts buttons on these; every call names the acting admin for the audit log.
/// </summary>
public sealed class AccountLifecycle(
    HarmonyDbContext db,
    TemporaryCredentials temporaryCredentials,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    AuditLog audit,
    TimeProvider time)
{
    /// <summary>
    /// ご利用停止: sign-in fails with the generic message; the new security stamp ends every session at once,
    /// and the account's refresh tokens and authorizations are revoked.
    /// </summary>
    public async Task<LifecycleResult> SuspendAsync(Guid userId, string actor, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return LifecycleResult.NotFound;
        if (user.IsSuspended) return LifecycleResult.NoChange;

        user.IsSuspended = true;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        audit.Add(AuditEvents.Suspended, user, AuditReasons.ByAdmin, actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        await RevokeEverythingAsync(user, cancellationToken);
        return LifecycleResult.Done;
    }

    /// <summary>
    /// 再度ご利用開始 = reissue: new temporary credentials and instruction email; the old credentials stop working.
    /// A former permanent login ID stays reserved for this employee, who may choose it again.
    /// </summary>
    public async Task<(LifecycleResult Result, IssuedCredentials? Credentials)> ResumeAsync(
        Guid userId, string actor, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return (LifecycleResult.NotFound, null);
        var policy = await db.Companies.AsNoTracking().Where(c => c.Id == user.CompanyId).Select(c => c.Policy).SingleAsync(cancellationToken);

        IssuedCredentials? issued = null;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (user.CredentialKind == CredentialKind.Permanent) user.ReservedLoginId = user.UserName;
            user.IsSuspended = false;
            issued = await temporaryCredentials.IssueAsync(user, policy, AuditReasons.Reissue, actor, cancellationToken);
            audit.Add(AuditEvents.Resumed, user, AuditReasons.ByAdmin, actor: actor);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        await RevokeEverythingAsync(user, cancellationToken);
        return (LifecycleResult.Done, issued);
    }

    /// <summary>Releases a lockout at once (the employee calls instead of waiting 24 hours).</summary>
    public async Task<LifecycleResult> UnlockAsync(Guid userId, string actor, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return LifecycleResult.NotFound;
        if (user.LockoutEnd is null && user.AccessFailedCount == 0) return LifecycleResult.NoChange;

        var wasLocked = user.LockoutEnd > time.GetUtcNow();
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        if (wasLocked) audit.Add(AuditEvents.LockoutReleased, user, AuditReasons.ByAdmin, actor: actor);
        await db.SaveChangesAsync(cancellationToken);
        return LifecycleResult.Done;
    }

    private async Task RevokeEverythingAsync(HarmonyUser user, CancellationToken cancellationToken)
    {
        var subject = user.Id.ToString();
        await tokens.RevokeBySubjectAsync(subject, cancellationToken);
        await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
    }
}
