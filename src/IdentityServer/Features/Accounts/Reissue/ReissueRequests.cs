using Harmony.Identity.Server.Features.Email;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>What sending a reissue request came to, as the expired-credentials page says it.</summary>
public enum ReissueRequestOutcome
{
    /// <summary>Queued for the representatives (and on their dashboard).</summary>
    Sent,

    /// <summary>The company approves automatically: new credentials are on their way.</summary>
    Approved,

    /// <summary>A request of this account is already with the representatives.</summary>
    AlreadyPending,

    /// <summary>This account has sent <see cref="ReissueRequestOptions.PerDay"/> requests in the last 24 hours.</summary>
    LimitReached,

    /// <summary>The account is no longer one with expired temporary credentials (renewed, suspended meanwhile).</summary>
    NotExpired,
}

/// <summary>What deciding a request came to, for the admin API's answer.</summary>
public enum ReissueDecision
{
    Approved,
    Declined,
    NotFound,

    /// <summary>Approved, declined or cancelled already (also the loser of two approvals at once).</summary>
    AlreadyDecided,

    /// <summary>The employee's credentials are no longer expired temporary ones; the request is closed as cancelled.</summary>
    NoLongerExpired,
}

/// <summary>
/// Reissue requests (FAQ Q11, decision 0028): an employee with expired temporary credentials asks, their company's
/// representatives are emailed and see it on the dashboard, one of them approves (the reissue every other path uses:
/// <see cref="AccountLifecycle.ResumeAsync(Guid, string, CancellationToken)"/>) or declines. A company may approve automatically.
/// Who may decide which request (company, admin accounts) is the admin API's business.
/// </summary>
public sealed class ReissueRequests(
    HarmonyDbContext db,
    AccountGate gate,
    AccountLifecycle lifecycle,
    TemporaryCredentials temporaryCredentials,
    ReissueRequestNotifier notifier,
    AuditLog audit,
    TimeProvider time,
    IOptions<ReissueRequestOptions> options)
{
    /// <summary>How the audit log names the company policy that approves at once.</summary>
    public const string AutoApproveActor = "job:reissue-auto-approve";

    public const int MaxReasonLength = Contracts.Admin.ReissueRequestApi.ReasonMaxLength;

    public IQueryable<ReissueRequest> Pending => db.Set<ReissueRequest>().AsNoTracking().Where(r => r.State == ReissueRequestState.Pending);

    /// <summary>From the expired-credentials page, reached only with the right temporary password.</summary>
    public async Task<ReissueRequestOutcome> SendAsync(HarmonyUser user, CancellationToken cancellationToken = default)
    {
        if (await gate.CheckAsync(user, clientId: null, cancellationToken) != AccountAccess.TemporaryExpired) return ReissueRequestOutcome.NotExpired;

        var requests = db.Set<ReissueRequest>();
        if (await requests.AnyAsync(r => r.PendingUserId == user.Id, cancellationToken)) return ReissueRequestOutcome.AlreadyPending;
        var now = time.GetUtcNow();
        var since = now.AddDays(-1);
        if (await requests.CountAsync(r => r.UserId == user.Id && r.CreatedAt > since, cancellationToken) >= options.Value.PerDay)
        {
            await audit.RecordAsync(ReissueAuditEvents.Requested, user, AuditReasons.LimitReached, cancellationToken: cancellationToken);
            return ReissueRequestOutcome.LimitReached;
        }

        var request = new ReissueRequest { CompanyId = user.CompanyId, UserId = user.Id, PendingUserId = user.Id, CreatedAt = now };
        requests.Add(request);
        audit.Add(ReissueAuditEvents.Requested, user, details: $"request {request.Id}");
        var policy = await db.PolicyOfAsync(user.CompanyId, cancellationToken);
        if (!policy.AutoApproveReissue) await notifier.QueueAsync(request, user, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two clicks at once: the unique index let one through.
            db.ChangeTracker.Clear();
            if (!await requests.AsNoTracking().AnyAsync(r => r.PendingUserId == user.Id, cancellationToken)) throw;
            return ReissueRequestOutcome.AlreadyPending;
        }
        if (!policy.AutoApproveReissue) return ReissueRequestOutcome.Sent;

        db.ChangeTracker.Clear();
        return await ApproveAsync(request.Id, AutoApproveActor, cancellationToken) == ReissueDecision.Approved
            ? ReissueRequestOutcome.Approved
            : ReissueRequestOutcome.NotExpired;
    }

    /// <summary>
    /// The reissue, once: the request is claimed with a guarded update (pending → approved) in the same transaction as
    /// the new credentials, so of two approvals at the same moment one reissues and the other is told it was decided.
    /// </summary>
    public async Task<ReissueDecision> ApproveAsync(Guid requestId, string actor, CancellationToken cancellationToken = default)
    {
        var request = await db.Set<ReissueRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null) return ReissueDecision.NotFound;
        if (request.State != ReissueRequestState.Pending) return ReissueDecision.AlreadyDecided;

        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == request.UserId, cancellationToken);
        if (await gate.CheckAsync(user, clientId: null, cancellationToken) != AccountAccess.TemporaryExpired)
        {
            return await CloseAsync(request, ReissueRequestState.Cancelled, actor, null, cancellationToken)
                ? ReissueDecision.NoLongerExpired
                : ReissueDecision.AlreadyDecided;
        }

        // Hashed before the transaction, as the bulk reissue does, so that no lock is held while it runs.
        var prepared = temporaryCredentials.Prepare();
        return await db.InTransactionAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            if (!await ClaimAsync(request.Id, ReissueRequestState.Approved, actor, null, ct)) return ReissueDecision.AlreadyDecided;
            audit.Add(ReissueAuditEvents.Approved, userId: request.UserId, companyId: request.CompanyId, actor: actor,
                details: $"request {request.Id}");
            // Saved by the reissue's own save, in this transaction.
            await lifecycle.ResumeAsync(request.UserId, actor, prepared, ct);
            return ReissueDecision.Approved;
        }, cancellationToken);
    }

    public async Task<ReissueDecision> DeclineAsync(Guid requestId, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        var request = await db.Set<ReissueRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null) return ReissueDecision.NotFound;
        if (request.State != ReissueRequestState.Pending) return ReissueDecision.AlreadyDecided;
        return await CloseAsync(request, ReissueRequestState.Declined, actor, reason, cancellationToken)
            ? ReissueDecision.Declined
            : ReissueDecision.AlreadyDecided;
    }

    /// <summary>Declines or cancels, audited; false when someone decided first.</summary>
    private async Task<bool> CloseAsync(ReissueRequest request, ReissueRequestState state, string actor, string? reason,
        CancellationToken cancellationToken) =>
        await db.InTransactionAsync(async ct =>
        {
            if (!await ClaimAsync(request.Id, state, actor, reason, ct)) return false;
            audit.Add(state == ReissueRequestState.Declined ? ReissueAuditEvents.Declined : ReissueAuditEvents.Cancelled,
                userId: request.UserId, companyId: request.CompanyId, actor: actor,
                details: $"request {request.Id}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}"));
            // A decline is told to the employee, who would otherwise wait; a cancellation (reissued another way) is not.
            if (state == ReissueRequestState.Declined) await notifier.QueueDeclinedAsync(request, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);

    /// <summary>Pending → <paramref name="state"/>, only if still pending: one row affected means this caller decided.</summary>
    private async Task<bool> ClaimAsync(Guid id, ReissueRequestState state, string actor, string? reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reasonText = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().Truncate(MaxReasonLength);
        var claimed = await db.Set<ReissueRequest>()
            .Where(r => r.Id == id && r.State == ReissueRequestState.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, state)
                .SetProperty(r => r.PendingUserId, (Guid?)null)
                .SetProperty(r => r.DecidedBy, actor)
                .SetProperty(r => r.DecidedAt, now)
                .SetProperty(r => r.DeclineReason, reasonText), cancellationToken);
        return claimed == 1;
    }
}

/// <summary>The audit events of reissue requests; the account's own events (<c>Resumed</c>, <c>TemporaryCredentialsIssued</c>) follow an approval.</summary>
public static class ReissueAuditEvents
{
    public const string Requested = "ReissueRequested";
    public const string Approved = "ReissueRequestApproved";
    public const string Declined = "ReissueRequestDeclined";
    public const string Cancelled = "ReissueRequestCancelled";
}

public sealed class ReissueRequestConfiguration : IEntityTypeConfiguration<ReissueRequest>
{
    public void Configure(EntityTypeBuilder<ReissueRequest> request)
    {
        request.ToTable("ReissueRequests");
        request.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.DecidedBy).HasMaxLength(100);
        request.Property(r => r.DeclineReason).HasMaxLength(ReissueRequests.MaxReasonLength);
        request.HasOne<HarmonyUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        request.HasOne<Company>().WithMany().HasForeignKey(r => r.CompanyId).OnDelete(DeleteBehavior.Restrict);
        // At most one pending request per employee, on every database.
        request.HasIndex(r => r.PendingUserId).IsUnique();
        request.HasIndex(r => new { r.UserId, r.CreatedAt });
        request.HasIndex(r => new { r.CompanyId, r.State, r.CreatedAt });
    }
}
