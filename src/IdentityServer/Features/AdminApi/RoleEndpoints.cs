using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Admin roles (issue 12, decision 0019): operators grant and revoke <c>company-admin</c> and <c>operator</c>; a
/// company's representatives are listed for operators and for the representatives of that company; the operators are
/// listed for operators. Every change is audited and applies to the account's next API call.
/// </summary>
public static class RoleEndpoints
{
    public static RouteGroupBuilder MapRoleEndpoints(this RouteGroupBuilder api)
    {
        var employees = api.AdminGroup("/employees", "Roles");

        employees.MapPut("/{id:guid}/roles/{role}", (Guid id, string role, HttpContext context, HarmonyDbContext db, AdminRoles roles,
                CancellationToken cancellationToken) => ChangeAsync(id, role, grant: true, context, db, roles, cancellationToken))
            .WithName("GrantAdminRole")
            .WithSummary("Grants company-admin (a representative of the account's company) or operator (accounts of the support company only); operators only")
            .OperatorOnly()
            .Produces<ActionResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        employees.MapDelete("/{id:guid}/roles/{role}", (Guid id, string role, HttpContext context, HarmonyDbContext db, AdminRoles roles,
                CancellationToken cancellationToken) => ChangeAsync(id, role, grant: false, context, db, roles, cancellationToken))
            .WithName("RevokeAdminRole")
            .WithSummary("Revokes company-admin or operator, effective on the account's next call; never one's own or the last operator role; operators only")
            .OperatorOnly()
            .Produces<ActionResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.AdminGroup("/companies", "Roles").MapGet("/{id:guid}/representatives", ListRepresentativesAsync)
            .WithName("ListCompanyRepresentatives")
            .WithSummary("The accounts holding company-admin in a company: for operators and that company's representatives")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.AdminGroup(AdminRoleApi.OperatorsPath, "Roles").MapGet("/", ListOperatorsAsync)
            .WithName("ListOperators")
            .WithSummary("The operator accounts, and the support company whose accounts may become operators (operators only)")
            .OperatorOnly();

        return api;
    }

    /// <summary>Tries of a role change that keeps losing to parallel changes of the same accounts, before a 409 asks to retry.</summary>
    private const int MaxAttempts = 3;

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> ChangeAsync(
        Guid id, string role, bool grant, HttpContext context, HarmonyDbContext db, AdminRoles roles, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!AdminRoleApi.Roles.Contains(role)) return NotFound(AdminApiTexts.RoleUnknown);
        var status = RoleChangeStatus.ChangedMeanwhile;
        // A change that lost a race with a parallel one (decision 0019) is decided again on what that one saved.
        for (var attempt = 0; attempt < MaxAttempts && status == RoleChangeStatus.ChangedMeanwhile; attempt++)
        {
            db.ChangeTracker.Clear();
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
            status = grant
                ? await roles.GrantAsync(user, role, caller.Actor, cancellationToken: cancellationToken)
                : await roles.RevokeAsync(user, role, caller.IsClient ? null : caller.Subject, caller.Actor, cancellationToken);
        }
        return status switch
        {
            RoleChangeStatus.Granted or RoleChangeStatus.Revoked => Outcome(changed: true, OutcomeText(role, grant, changed: true)),
            RoleChangeStatus.Unchanged => Outcome(changed: false, OutcomeText(role, grant, changed: false)),
            _ => Refusal(status),
        };
    }

    private static string OutcomeText(string role, bool grant, bool changed) => (role == HarmonyRoles.CompanyAdmin, grant, changed) switch
    {
        (true, true, true) => AdminApiTexts.RepresentativeGranted,
        (true, true, false) => AdminApiTexts.RepresentativeAlreadyGranted,
        (true, false, true) => AdminApiTexts.RepresentativeRevoked,
        (true, false, false) => AdminApiTexts.RepresentativeNotHeld,
        (false, true, true) => AdminApiTexts.OperatorGranted,
        (false, true, false) => AdminApiTexts.OperatorAlreadyGranted,
        (false, false, true) => AdminApiTexts.OperatorRevoked,
        (false, false, false) => AdminApiTexts.OperatorNotHeld,
    };

    private static ProblemHttpResult Refusal(RoleChangeStatus status) => status switch
    {
        RoleChangeStatus.NotSupportCompany => Conflict(AdminApiTexts.OperatorCompanyOnly),
        RoleChangeStatus.OwnOperatorRole => Conflict(AdminApiTexts.OwnOperatorRole),
        RoleChangeStatus.LastOperator => Conflict(AdminApiTexts.LastOperator),
        RoleChangeStatus.ChangedMeanwhile => Conflict(AdminApiTexts.RoleChangedMeanwhile),
        _ => throw new InvalidOperationException($"A role change answered {status} where no answer is defined."),
    };

    private static async Task<Results<Ok<IReadOnlyList<EmployeeSummary>>, ProblemHttpResult>> ListRepresentativesAsync(
        Guid id, HttpContext context, HarmonyDbContext db, AdminRoles roles, AccountGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        if (!caller.CanAccess(id) || !await db.Companies.AnyAsync(c => c.Id == id, cancellationToken)) return NotFound(AdminApiTexts.CompanyNotFound);
        return TypedResults.Ok(await SummariesAsync(db, roles.Holders(HarmonyRoles.CompanyAdmin, id), gate, time, cancellationToken));
    }

    private static async Task<Ok<OperatorList>> ListOperatorsAsync(
        HarmonyDbContext db, AdminRoles roles, AccountGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var company = await roles.OperatorCompanyAsync(cancellationToken);
        var operators = await SummariesAsync(db, roles.Holders(HarmonyRoles.Operator), gate, time, cancellationToken);
        return TypedResults.Ok(new OperatorList(company?.Id, roles.OperatorCompanyCode, operators));
    }

    /// <summary>Role holders as the employee list shows them, by name (a company has a handful; the support desk a few dozen).</summary>
    private static async Task<IReadOnlyList<EmployeeSummary>> SummariesAsync(
        HarmonyDbContext db, IQueryable<HarmonyUser> users, AccountGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await EmployeeViews.Rows(db, users).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.User.DisplayName, StringComparer.Ordinal).ThenBy(r => r.User.Id)
            .Select(row => EmployeeViews.ToSummary(row, gate, now)).ToList();
    }
}
