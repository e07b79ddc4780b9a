using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// The audit log (PRODUCT §2): by account, company, reference code (FAQ Q2's code a person reads out) and time,
/// newest first. Representatives see only their company's events.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/audit", "Audit")
            .MapGet("/", (HttpContext context, HarmonyDbContext db, Guid? userId, Guid? companyId, string? referenceCode,
                    DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, CancellationToken cancellationToken) =>
                SearchAsync(new AuditQuery(userId, companyId, referenceCode, from, to, page ?? 1, pageSize ?? 50), context, db, cancellationToken))
            .WithName("SearchAudit")
            .WithSummary("Searches the audit log by account, company, reference code and time (from inclusive, to exclusive), newest first; paged");
        return api;
    }

    private static async Task<Ok<PagedResult<AuditEntryDto>>> SearchAsync(
        AuditQuery query, HttpContext context, HarmonyDbContext db, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var events = db.AuditEvents.AsNoTracking();
        // Events without a company (a login ID that matches no account, jobs) are for operators only.
        if (!caller.IsOperator) events = events.Where(a => a.CompanyId == caller.CompanyId);
        if (query.CompanyId is { } companyId) events = events.Where(a => a.CompanyId == companyId);
        if (query.UserId is { } userId) events = events.Where(a => a.UserId == userId);
        if (!string.IsNullOrWhiteSpace(query.ReferenceCode))
        {
            var code = query.ReferenceCode.Trim().ToUpperInvariant();
            events = events.Where(a => a.ReferenceCode == code);
        }
        if (query.From is { } from) events = events.Where(a => a.OccurredAt >= from);
        if (query.To is { } to) events = events.Where(a => a.OccurredAt < to);

        var paging = Paging(query.Page, query.PageSize);
        var total = await events.CountAsync(cancellationToken);
        var page = await events
            .OrderByDescending(a => a.OccurredAt)
            .ThenByDescending(a => a.Id)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        var items = await AuditViews.ToDtosAsync(db, caller, page, cancellationToken);
        return TypedResults.Ok(new PagedResult<AuditEntryDto>(items, paging.Page, paging.PageSize, total));
    }
}
