using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// A representative is told that an employee of their company asked for a reissue (decision 0028): who, when, and where
/// to decide (the admin site's dashboard, which asks them to sign in). Nothing in it acts on the request.
/// </summary>
public sealed record ReissueRequestEmail(string EmployeeName, string EmployeeNumber, DateTimeOffset RequestedAt, Uri? DashboardUrl) : EmailContent
{
    public const string EmailKind = "ReissueRequest";

    public override string Kind => EmailKind;
}

/// <summary>
/// To the employee whose reissue request was declined: the request was not approved, so the expired credentials stay
/// expired and their company representative is the one to ask. The decline's reason is an admin's note and is not sent.
/// </summary>
public sealed record ReissueDeclinedEmail(DateTimeOffset RequestedAt) : EmailContent
{
    public const string EmailKind = "ReissueDeclined";

    public override string Kind => EmailKind;
}

/// <summary>
/// One email per request to each active representative of the employee's company (holds <c>company-admin</c>, not
/// suspended, an address that is not restricted), in the representative's language, queued in the caller's save.
/// </summary>
public sealed class ReissueRequestNotifier(HarmonyDbContext db, IEmailOutbox outbox, IEmailRestrictions restrictions, PublicUrls urls)
{
    public async Task<int> QueueAsync(ReissueRequest request, HarmonyUser employee, CancellationToken cancellationToken = default)
    {
        var representatives = await db.Users.AsNoTracking().InRole(db, HarmonyRoles.CompanyAdmin)
            // The requester is never asked to decide on their own request, even when they are a representative.
            .Where(u => u.CompanyId == request.CompanyId && u.Id != request.UserId && !u.IsSuspended && u.Email != null && u.Email != "")
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.Locale })
            .ToListAsync(cancellationToken);
        var content = new ReissueRequestEmail(employee.DisplayName, employee.EmployeeNumber ?? "", request.CreatedAt,
            urls.AdminSite(ReissueRequestApi.DashboardRoute));
        var queued = 0;
        foreach (var representative in representatives)
        {
            if (await restrictions.IsRestrictedAsync(representative.Email!, cancellationToken)) continue;
            await outbox.EnqueueAsync(representative.Id,
                new EmailRecipient(representative.Email!, representative.DisplayName, representative.Locale), content, cancellationToken);
            queued++;
        }
        return queued;
    }

    /// <summary>Tells the employee their request was declined, in their language, in the caller's save; nothing without an address.</summary>
    public async Task QueueDeclinedAsync(ReissueRequest request, CancellationToken cancellationToken = default)
    {
        var employee = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId)
            .Select(u => new { u.Email, u.DisplayName, u.Locale }).SingleOrDefaultAsync(cancellationToken);
        if (employee is null || string.IsNullOrWhiteSpace(employee.Email)) return;
        await outbox.EnqueueAsync(request.UserId, new EmailRecipient(employee.Email, employee.DisplayName, employee.Locale),
            new ReissueDeclinedEmail(request.CreatedAt), cancellationToken);
    }
}
