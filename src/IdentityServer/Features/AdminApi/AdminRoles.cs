using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Identity;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>Who may be an operator (section <c>Harmony:Operators</c>): the accounts of the support desk's company.</summary>
public sealed class OperatorAccountsOptions
{
    public const string Section = "Harmony:Operators";

    /// <summary>The support desk's company in the demo data, and the default.</summary>
    public const string DefaultCompanyCode = "harmony-support";

    /// <summary>The code of the company whose accounts may hold the <c>operator</c> role.</summary>
    public string CompanyCode { get; set; } = DefaultCompanyCode;
}

/// <summary>The audit events of <see cref="AdminRoles"/>; the role is the event's details.</summary>
public static class AdminRoleAuditEvents
{
    public const string RoleGranted = "RoleGranted";
    public const string RoleRevoked = "RoleRevoked";

    /// <summary>Reason of the grant that enrols a new company's first representative with the company.</summary>
    public const string FirstRepresentative = "FirstRepresentative";
}

public enum RoleChangeStatus
{
    Granted,
    Revoked,
    /// <summary>The account already held the role (grant) or did not hold it (revoke): nothing saved, nothing audited.</summary>
    Unchanged,
    /// <summary>The operator role for an account outside the support company.</summary>
    NotSupportCompany,
    /// <summary>An operator removing their own operator role.</summary>
    OwnOperatorRole,
    /// <summary>Removing the role would leave no operator who can sign in.</summary>
    LastOperator,
    /// <summary>
    /// Another change of the same accounts was saved first (a parallel grant of the same role, or a parallel operator
    /// removal whose check relied on this one's operators); nothing was saved, and the caller reads again and retries.
    /// </summary>
    ChangedMeanwhile,
}

/// <summary>
/// Grants and revokes the admin roles (decision 0019), each saved with its audit row. The admin API checks each
/// request against the role as it is in the database (<see cref="ActiveAdminHandler"/>), so a change applies to the
/// account's next call with the token it already holds; nothing else needs revoking.
/// </summary>
public sealed class AdminRoles(HarmonyDbContext db, UserManager<HarmonyUser> users, AuditLog audit, IOptions<OperatorAccountsOptions> options)
{
    /// <summary>The support desk's company, or null while no company has the configured code.</summary>
    public Task<Company?> OperatorCompanyAsync(CancellationToken cancellationToken) =>
        db.Companies.AsNoTracking().SingleOrDefaultAsync(c => c.Code == options.Value.CompanyCode, cancellationToken);

    public string OperatorCompanyCode => options.Value.CompanyCode;

    /// <summary>The accounts holding <paramref name="role"/>, of <paramref name="companyId"/> when given.</summary>
    public IQueryable<HarmonyUser> Holders(string role, Guid? companyId = null)
    {
        var holders = db.Users.AsNoTracking().InRole(db, role);
        return companyId is { } company ? holders.Where(u => u.CompanyId == company) : holders;
    }

    public async Task<RoleChangeStatus> GrantAsync(HarmonyUser user, string role, string actor, string reason = AuditReasons.ByAdmin,
        CancellationToken cancellationToken = default)
    {
        if (await users.IsInRoleAsync(user, role)) return RoleChangeStatus.Unchanged;
        if (role == HarmonyRoles.Operator && (await OperatorCompanyAsync(cancellationToken))?.Id != user.CompanyId)
        {
            return RoleChangeStatus.NotSupportCompany;
        }
        audit.Add(AdminRoleAuditEvents.RoleGranted, user, reason, actor: actor, details: role);
        // The role row and the audit row go in the same save (the store saves the context). A parallel grant of the same
        // role inserts the same role row: the second save fails on its key, and its retry reads the role as held.
        try
        {
            return Saved(await users.AddToRoleAsync(user, role), RoleChangeStatus.Granted);
        }
        catch (DbUpdateException)
        {
            return RoleChangeStatus.ChangedMeanwhile;
        }
    }

    /// <param name="callerSubject">The person revoking (their <c>sub</c>), or null for automation.</param>
    public async Task<RoleChangeStatus> RevokeAsync(HarmonyUser user, string role, string? callerSubject, string actor,
        CancellationToken cancellationToken = default)
    {
        if (!await users.IsInRoleAsync(user, role)) return RoleChangeStatus.Unchanged;
        if (role == HarmonyRoles.Operator)
        {
            if (callerSubject == user.Id.ToString()) return RoleChangeStatus.OwnOperatorRole;
            // The check must still hold when the removal is saved: two operators removing each other at the same instant
            // would each see the other and leave none. The removal therefore renews the concurrency stamp of every
            // operator its check counted, in the same save as the role row. Two removals that could together leave no
            // operator touch each other's rows, so the later save fails its stamp check (on SQLite, SQL Server and
            // PostgreSQL alike, whatever the isolation level), and its retry sees the last operator.
            var others = await OtherUsableOperators(user.Id).ToListAsync(cancellationToken);
            if (others.Count == 0) return RoleChangeStatus.LastOperator;
            foreach (var other in others) other.ConcurrencyStamp = Guid.NewGuid().ToString();
        }
        audit.Add(AdminRoleAuditEvents.RoleRevoked, user, AuditReasons.ByAdmin, actor: actor, details: role);
        return Saved(await users.RemoveFromRoleAsync(user, role), RoleChangeStatus.Revoked);
    }

    /// <summary>The operators other than <paramref name="userId"/> who could sign in now (not suspended, company active), tracked.</summary>
    private IQueryable<HarmonyUser> OtherUsableOperators(Guid userId) =>
        db.Users.InRole(db, HarmonyRoles.Operator)
            .Where(u => u.Id != userId && !u.IsSuspended && db.Companies.Any(c => c.Id == u.CompanyId && c.IsActive));

    private RoleChangeStatus Saved(IdentityResult result, RoleChangeStatus status)
    {
        if (result.Succeeded) return status;
        // A parallel change saved between this one's check and its save: Identity then reports the role as already held
        // (or no longer held) before it even tries. Decided again on what that change saved.
        string[] meanwhile = [users.ErrorDescriber.ConcurrencyFailure().Code, nameof(IdentityErrorDescriber.UserAlreadyInRole),
            nameof(IdentityErrorDescriber.UserNotInRole)];
        if (result.Errors.Any(e => meanwhile.Contains(e.Code))) return RoleChangeStatus.ChangedMeanwhile;
        throw new InvalidOperationException($"The role could not be changed ({string.Join(", ", result.Errors.Select(e => e.Code))}).");
    }
}

/// <summary>
/// A new company with its first representative (issue 12): the company, the enrolled account (temporary credentials,
/// instruction email in the outbox) and its <c>company-admin</c> role are written together or not at all.
/// </summary>
public sealed class CompanyOnboarding(HarmonyDbContext db, CompanyOperations companies, AccountLifecycle lifecycle, AdminRoles roles)
{
    public Task<CompanyChange> CreateAsync(CompanyDraft draft, NewEmployee representative, string actor, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            // A retried transaction starts again from what the database holds.
            db.ChangeTracker.Clear();
            var change = await companies.CreateAsync(draft, actor, ct);
            if (change.Status != CompanyChangeStatus.Changed) return change;
            var (user, _) = await lifecycle.EnrolAsync(change.Company!, representative, actor, ct);
            await roles.GrantAsync(user, HarmonyRoles.CompanyAdmin, actor, AdminRoleAuditEvents.FirstRepresentative, ct);
            return change;
        }, cancellationToken);
}
