using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Reissue requests (FAQ Q11, decision 0028): the pending ones of a company, approve (the reissue, exactly as
/// <c>resume</c> does it) and decline. Another company's request is "not found"; approving a request of an admin
/// account is for operators only (decision 0010); a request already decided, or whose employee no longer has expired
/// temporary credentials, is a 409.
/// </summary>
public static class ReissueRequestEndpoints
{
    public static RouteGroupBuilder MapReissueRequestEndpoints(this RouteGroupBuilder api)
    {
        var requests = api.AdminGroup(ReissueRequestApi.Path, "Reissue requests");

        requests.MapGet("/", ListAsync)
            .WithName("ListReissueRequests")
            .WithSummary("The pending reissue requests, oldest first: of the representative's company, or for operators of companyId " +
                         "(every company when omitted); employeeId narrows to one employee")
            .ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapPost("/{id:guid}/approve", ApproveAsync)
            .WithName("ApproveReissueRequest")
            .WithSummary("Approves a pending reissue request: new temporary credentials and the instruction email, as resume does; " +
                         "once only, however many approve at the same moment. Operators only on admin accounts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        requests.MapPost("/{id:guid}/decline", DeclineAsync)
            .WithName("DeclineReissueRequest")
            .WithSummary("Declines a pending reissue request, with an optional reason (for admins only); the credentials stay expired and the employee is emailed that the request was not approved")
            .Validated<DeclineReissueRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<ReissueRequestView>>, ProblemHttpResult>> ListAsync(
        HttpContext context, HarmonyDbContext db, ReissueRequests reissue, Guid? companyId, Guid? employeeId, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var company = caller.IsOperator ? companyId : caller.CompanyId;
        if (companyId is { } asked && !caller.CanAccess(asked)) return NotFound(AdminApiTexts.CompanyNotFound);

        var pending = reissue.Pending;
        if (company is { } only) pending = pending.Where(r => r.CompanyId == only);
        if (employeeId is { } employee) pending = pending.Where(r => r.UserId == employee);
        var rows = await pending
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { Request = r, u.EmployeeNumber, u.DisplayName, u.UserName })
            .OrderBy(r => r.Request.CreatedAt)
            .Take(AdminEndpointConventions.MaxPageSize)
            .ToListAsync(cancellationToken);
        var manageable = await EmployeeEndpoints.ManageableAsync(db, caller, rows.Select(r => r.Request.UserId).Distinct().ToList(), cancellationToken);
        var views = rows.Select(row => new ReissueRequestView(row.Request.Id, row.Request.CompanyId, row.Request.UserId, row.EmployeeNumber ?? "",
            row.DisplayName, row.UserName ?? "", row.Request.CreatedAt, row.Request.State.ToString(), manageable.Contains(row.Request.UserId))).ToList();
        return TypedResults.Ok<IReadOnlyList<ReissueRequestView>>(views);
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> ApproveAsync(
        Guid id, HttpContext context, HarmonyDbContext db, ReissueRequests reissue, IEmailRestrictions restrictions,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (await FindAsync(db, caller, id, cancellationToken) is not { } request) return NotFound(AdminApiTexts.ReissueRequestNotFound);
        if (await EmployeeEndpoints.RefuseOnAdminAccountAsync(db, caller, request.UserId, cancellationToken) is { } refused) return refused;

        var decision = await reissue.ApproveAsync(id, caller.Actor, cancellationToken);
        if (decision != ReissueDecision.Approved) return Refusal(decision);
        var email = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(cancellationToken);
        var mailable = !string.IsNullOrWhiteSpace(email) && !await restrictions.IsRestrictedAsync(email, cancellationToken);
        return Outcome(changed: true, mailable ? AdminApiTexts.ReissueRequestApproved : AdminApiTexts.ReissueRequestApprovedWithoutEmail);
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> DeclineAsync(
        Guid id, [Microsoft.AspNetCore.Mvc.FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] DeclineReissueRequest? body,
        HttpContext context, HarmonyDbContext db, ReissueRequests reissue,
        CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (await FindAsync(db, caller, id, cancellationToken) is null) return NotFound(AdminApiTexts.ReissueRequestNotFound);
        var decision = await reissue.DeclineAsync(id, caller.Actor, body?.Reason, cancellationToken);
        return decision == ReissueDecision.Declined ? Outcome(changed: true, AdminApiTexts.ReissueRequestDeclined) : Refusal(decision);
    }

    private static ProblemHttpResult Refusal(ReissueDecision decision) => decision switch
    {
        ReissueDecision.NotFound => NotFound(AdminApiTexts.ReissueRequestNotFound),
        ReissueDecision.NoLongerExpired => Conflict(AdminApiTexts.ReissueRequestNoLongerExpired),
        _ => Conflict(AdminApiTexts.ReissueRequestDecided),
    };

    /// <summary>The request, whatever its state, or null when it does not exist or is another company's.</summary>
    private static async Task<ReissueRequest?> FindAsync(HarmonyDbContext db, AdminCaller caller, Guid id, CancellationToken cancellationToken)
    {
        var request = await db.Set<ReissueRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return request is not null && caller.CanAccess(request.CompanyId) ? request : null;
    }
}
