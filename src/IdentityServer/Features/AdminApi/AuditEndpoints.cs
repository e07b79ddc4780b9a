using Harmony.Identity.Contracts.Admin;
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
                    DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, string? person, string? @event,
                    CancellationToken cancellationToken) =>
                SearchAsync(new AuditQuery(userId, companyId, referenceCode, from, to, page ?? 1, pageSize ?? 50, person, @event),
                    context, db, cancellationToken))
            .WithName("SearchAudit")
            .WithSummary("Searches the audit log by account, person (login ID, name, email or employee number), event, company, " +
                         "reference code and time (from inclusive, to exclusive), newest first; paged with the total")
            .Produces<PagedResult<AuditEntryDto>>()
            .ProducesValidationProblem();
        return api;
    }

    private static async Task<IResult> SearchAsync(
        AuditQuery query, HttpContext context, HarmonyDbContext db, CancellationToken cancellationToken)
    {
        if (Listings.Refuse(ListValidation.OfAudit(query.Event)) is { } refused) return refused;
        var caller = AdminApiExtensions.Caller(context);
        var events = Listings.Audit(db, caller, query);

        var paging = Paging(query.Page, query.PageSize);
        var total = await events.CountAsync(cancellationToken);
        var page = await events.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var items = await AuditViews.ToDtosAsync(db, caller, page, cancellationToken);
        return TypedResults.Ok(new PagedResult<AuditEntryDto>(items, paging.Page, paging.PageSize, total));
    }
}
