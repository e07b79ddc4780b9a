using FluentValidation.Results;
using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi.Bulk;

/// <summary>
/// A company's dashboard (counts by state, each with the bulk action that resolves it) and the bulk actions on employees
/// given by id or by filter, with a preview that changes nothing (issue 12 items 2 and 4, decision 0020). Another
/// company's record is "not found": a company in the route or filter is a 404, an id in the list is skipped as not found.
/// </summary>
public static class BulkEndpoints
{
    public static RouteGroupBuilder MapBulkEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/companies", "Companies").MapGet("/{id:guid}/dashboard", DashboardAsync)
            .WithName("GetCompanyDashboard")
            .WithSummary("A company's employees by state (temporary, expiring within 7 days, expired, locked, email restricted, suspended), " +
                         "each with the bulk action that resolves it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var employees = api.AdminGroup("/employees", "Employees");
        employees.MapPost("/bulk/preview", (BulkRequest request, HttpContext context, HarmonyDbContext db, EmployeeBulk bulk, TimeProvider time,
                    CancellationToken cancellationToken) => RunAsync(request, preview: true, context, db, bulk, time, cancellationToken))
            .WithName("PreviewBulkEmployeeAction")
            .WithSummary("Says whom a bulk action would reach and whom it would skip, and why; changes nothing")
            .Produces<BulkResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employees.MapPost("/bulk", (BulkRequest request, HttpContext context, HarmonyDbContext db, EmployeeBulk bulk, TimeProvider time,
                    CancellationToken cancellationToken) => RunAsync(request, preview: false, context, db, bulk, time, cancellationToken))
            .WithName("RunBulkEmployeeAction")
            .WithSummary($"Resends, reissues, suspends, resumes or unlocks up to {BulkActions.MaxEmployees} employees given by id or by filter " +
                         "(company, state, text), with the single actions' checks; a result per employee: done, or skipped and why")
            .Produces<BulkResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    private static async Task<Results<Ok<CompanyDashboard>, ProblemHttpResult>> DashboardAsync(
        Guid id, HttpContext context, HarmonyDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!caller.CanAccess(id) || !await db.Companies.AsNoTracking().AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound(AdminApiTexts.CompanyNotFound);
        }

        var now = time.GetUtcNow();
        var users = db.Users.AsNoTracking().Where(u => u.CompanyId == id);
        var rows = EmployeeViews.Rows(db, users);
        var counts = new List<DashboardCount>();
        foreach (var state in CompanyDashboard.States)
        {
            counts.Add(new DashboardCount(state, await rows.InState(state, now).CountAsync(cancellationToken), BulkActions.Resolving(state)));
        }
        return TypedResults.Ok(new CompanyDashboard(id, await users.CountAsync(cancellationToken), counts));
    }

    private static async Task<IResult> RunAsync(BulkRequest request, bool preview, HttpContext context, HarmonyDbContext db, EmployeeBulk bulk,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is null || !BulkActions.All.Contains(action)) return Invalid(nameof(BulkRequest.Action), BulkTexts.ActionUnknown());
        if ((request.Ids is null) == (request.Filter is null)) return Invalid(nameof(BulkRequest.Ids), BulkTexts.TargetRequired());

        IReadOnlyList<Guid> ids;
        if (request.Ids is { } given)
        {
            if (given.Count > BulkActions.MaxEmployees) return Invalid(nameof(BulkRequest.Ids), BulkTexts.TooMany(given.Count));
            ids = given;
        }
        else
        {
            var resolved = await ResolveAsync(request.Filter!, caller, db, time.GetUtcNow(), cancellationToken);
            if (resolved.Problem is { } problem) return problem;
            ids = resolved.Ids!;
        }
        return TypedResults.Ok(await bulk.RunAsync(caller, action, ids, preview, cancellationToken));
    }

    /// <summary>The ids a filter selects, by employee number, as the employee list shows them; a 400 or 404 when it cannot.</summary>
    private static async Task<(IReadOnlyList<Guid>? Ids, IResult? Problem)> ResolveAsync(BulkFilter filter, AdminCaller caller, HarmonyDbContext db,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (filter.CompanyId is not { } companyId) return (null, Invalid("Filter.CompanyId", BulkTexts.CompanyRequired()));
        if (!caller.CanAccess(companyId) || !await db.Companies.AsNoTracking().AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            return (null, NotFound(AdminApiTexts.CompanyNotFound));
        }
        var state = string.IsNullOrWhiteSpace(filter.State) ? null : filter.State.Trim().ToLowerInvariant();
        if (state is not null && !EmployeeStates.All.Contains(state))
        {
            return (null, Invalid("Filter.State", AdminValidationTexts.Message(AdminValidationCodes.StateUnknown)));
        }

        var users = db.Users.AsNoTracking().Where(u => u.CompanyId == companyId);
        if (!string.IsNullOrWhiteSpace(filter.Text)) users = users.Matching(filter.Text);
        var rows = EmployeeViews.Rows(db, users);
        if (state is not null) rows = rows.InState(state, now);
        var ids = await rows
            .OrderBy(r => r.User.EmployeeNumber)
            .ThenBy(r => r.User.Id)
            .Select(r => r.User.Id)
            .Take(BulkActions.MaxEmployees + 1)
            .ToListAsync(cancellationToken);
        if (ids.Count > BulkActions.MaxEmployees) return (null, Invalid("Filter", BulkTexts.TooMany(await rows.CountAsync(cancellationToken))));
        return (ids, null);
    }

    private static IResult Invalid(string field, string message) =>
        AdminApiExtensions.ValidationProblem(new ValidationResult([new ValidationFailure(field, message)]));
}
