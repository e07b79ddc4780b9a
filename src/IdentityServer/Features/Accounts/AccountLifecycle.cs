using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;

namespace Harmony.Identity.Server.Features.Accounts;

public enum LifecycleResult
{
    Done,
    NotFound,
    NoChange,
}

/// <summary>An employee as an admin or a CSV row enrols them: already trimmed and validated.</summary>
public sealed record NewEmployee(string EmployeeNumber, string DisplayName, string Email, string Locale);

/// <summary>The enrolled account and the temporary credentials its instruction email carries.</summary>
public sealed record Enrolment(HarmonyUser User, IssuedCredentials Credentials);

/// <summary>What an email change did, for the admin's answer.</summary>
/// <param name="FormerAddressNotified">The account had another mailbox before, which was told and whose links are void.</param>
/// <param name="Reissued">The temporary credentials that replaced those sent to the former address, when there were any.</param>
public sealed record EmailChange(LifecycleResult Result, bool FormerAddressNotified = false, IssuedCredentials? Reissued = null);

/// <summary>
/// The account operations (PRODUCT §2) that the admin API, the CSV importer and the pages share: enrol, correct the
/// address, resend the instruction email, suspend, resume (= reissue), unlock and revoke everything. Every call names the
/// acting admin for the audit log; who may call which (company, admin accounts) is the admin API's business.
/// </summary>
public sealed class AccountLifecycle(
    HarmonyDbContext db,
    UserManager<HarmonyUser> users,
    TemporaryCredentials temporaryCredentials,
    IEmployeeNotifier notifier,
    ILookupNormalizer normalizer,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    AuditLog audit,
    EmployeePasskeys passkeys,
    TimeProvider time)
{
    /// <summary>
    /// Enrols an employee in <paramref name="company"/>: temporary credentials, the instruction email and the audit event,
    /// written by UserManager's save together with the account. Inside a caller's transaction (the import) nothing is
    /// committed until the caller commits.
    /// </summary>
    /// <exception cref="DbUpdateException">The employee number was taken meanwhile (the unique index refused it).</exception>
    public Task<Enrolment> EnrolAsync(Company company, NewEmployee employee, string actor, CancellationToken cancellationToken = default) =>
        EnrolAsync(company, employee, actor, prepared: null, cancellationToken);

    /// <summary>
    /// As <see cref="EnrolAsync(Company, NewEmployee, string, CancellationToken)"/>, with a temporary password hashed
    /// beforehand (the background import hashes outside its transaction); the account, audit events and email are the same.
    /// </summary>
    public async Task<Enrolment> EnrolAsync(Company company, NewEmployee employee, string actor, PreparedPassword? prepared,
        CancellationToken cancellationToken = default)
    {
        var user = new HarmonyUser
        {
            CompanyId = company.Id,
            EmployeeNumber = employee.EmployeeNumber,
            DisplayName = employee.DisplayName,
            Email = employee.Email,
            Locale = employee.Locale,
            CreatedAt = time.GetUtcNow(),
        };
        // Issued first: UserManager's validation needs the login ID this gives the account.
        var issued = await temporaryCredentials.IssueAsync(user, company.Policy, AuditReasons.Enrolment, actor, prepared, cancellationToken);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The account could not be created ({string.Join(", ", created.Errors.Select(e => e.Code))}).");
        }
        return new Enrolment(user, issued);
    }

    /// <summary>
    /// Corrects the address. When it is another mailbox, whatever was sent to the old one dies: the new security stamp
    /// voids reset links, pending sign-ins and remembered browsers (and ends open sessions); a temporary account that is
    /// not suspended gets new temporary credentials by email to the new address. The former address is told, masked.
    /// One save, so the change, the new credentials, the emails and the audit events are written together or not at all.
    /// </summary>
    public async Task<EmailChange> ChangeEmailAsync(Guid userId, string email, string actor, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return new EmailChange(LifecycleResult.NotFound);
        if (string.Equals(user.Email, email, StringComparison.Ordinal)) return new EmailChange(LifecycleResult.NoChange);

        var former = user.Email;
        var normalized = normalizer.NormalizeEmail(email);
        // Only the spelling (letter case) changed: mail reaches the same mailbox as before, so nothing sent there is voided.
        var sameMailbox = !string.IsNullOrWhiteSpace(former) && normalized == user.NormalizedEmail;
        user.Email = email;
        user.NormalizedEmail = normalized;
        audit.Add(AuditEvents.EmailChanged, user, AuditReasons.ByAdmin, actor: actor,
            details: $"{(string.IsNullOrWhiteSpace(former) ? "(none)" : EmailAddresses.Mask(former))} -> {EmailAddresses.Mask(email)}" +
                     (sameMailbox ? " (letter case only)" : "; security stamp renewed"));
        if (sameMailbox)
        {
            await db.SaveChangesAsync(cancellationToken);
            return new EmailChange(LifecycleResult.Done);
        }

        // The company gave the new address; the employee has not shown they receive mail there yet.
        user.EmailConfirmed = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        IssuedCredentials? reissued = null;
        if (user.CredentialKind == CredentialKind.Temporary && !user.IsSuspended)
        {
            var policy = await db.PolicyOfAsync(user.CompanyId, cancellationToken);
            reissued = await temporaryCredentials.IssueAsync(user, policy, AuditReasons.EmailCorrected, actor, cancellationToken);
        }
        var notify = !string.IsNullOrWhiteSpace(former);
        if (notify) await notifier.QueueEmailChangedNoticeAsync(user, former!, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new EmailChange(LifecycleResult.Done, notify, reissued);
    }

    /// <summary>
    /// The temporary password is never stored, so "resend" means new temporary credentials in a new email; the account
    /// stays as it is otherwise. The caller has checked that it is a temporary account that can receive mail.
    /// </summary>
    public Task ResendInstructionAsync(HarmonyUser user, string reason, string actor, CancellationToken cancellationToken = default) =>
        ResendInstructionAsync(user, reason, actor, prepared: null, cancellationToken);

    /// <summary>As above, with a temporary password hashed beforehand when given (bulk actions hash outside their saves).</summary>
    public async Task ResendInstructionAsync(HarmonyUser user, string reason, string actor, PreparedPassword? prepared,
        CancellationToken cancellationToken = default)
    {
        var policy = await db.PolicyOfAsync(user.CompanyId, cancellationToken);
        await temporaryCredentials.IssueAsync(user, policy, reason, actor, prepared, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

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
        await RevokeAllAsync(user.Id, cancellationToken);
        return LifecycleResult.Done;
    }

    /// <summary>
    /// 再度ご利用開始 = reissue: new temporary credentials and instruction email; the old credentials stop working.
    /// A former permanent login ID stays reserved for this employee, who may choose it again.
    /// </summary>
    public Task<(LifecycleResult Result, IssuedCredentials? Credentials)> ResumeAsync(
        Guid userId, string actor, CancellationToken cancellationToken = default) =>
        ResumeAsync(userId, actor, prepared: null, cancellationToken);

    /// <summary>As above, with a temporary password hashed beforehand when given (bulk actions hash outside their saves).</summary>
    public async Task<(LifecycleResult Result, IssuedCredentials? Credentials)> ResumeAsync(
        Guid userId, string actor, PreparedPassword? prepared, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null) return (LifecycleResult.NotFound, null);
        var policy = await db.PolicyOfAsync(user.CompanyId, cancellationToken);

        var issued = await db.InTransactionAsync(async ct =>
        {
            if (user.CredentialKind == CredentialKind.Permanent) user.ReservedLoginId = user.UserName;
            user.IsSuspended = false;
            var issued = await temporaryCredentials.IssueAsync(user, policy, AuditReasons.Reissue, actor, prepared, ct);
            // New credentials replace every credential the account had, its passkeys too (decision 0030).
            await passkeys.RemoveAllAsync(user, AuditReasons.Reissue, actor, notify: false, ct);
            audit.Add(AuditEvents.Resumed, user, AuditReasons.ByAdmin, actor: actor);
            await db.SaveChangesAsync(ct);
            return issued;
        }, cancellationToken);
        await RevokeAllAsync(user.Id, cancellationToken);
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

    /// <summary>
    /// Revokes every refresh token, access token and authorization of the account (suspension, resume, password reset);
    /// sessions end through the new security stamp the caller has saved.
    /// </summary>
    public async Task RevokeAllAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var subject = userId.ToString();
        await tokens.RevokeBySubjectAsync(subject, cancellationToken);
        await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
    }
}
