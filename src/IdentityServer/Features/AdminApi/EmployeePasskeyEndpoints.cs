using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// An employee's passkeys from the admin side (decision 0030): a representative removes them all when a device is lost;
/// the employee is told by email and signs in with the password again. Passkeys are credentials, so on an admin account
/// this is for operators only (decision 0010). How many an employee has is in <c>GET /employees/{id}</c>.
/// </summary>
public static class EmployeePasskeyEndpoints
{
    public static RouteGroupBuilder MapEmployeePasskeyEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/employees", "Employees")
            .MapPost("/{id:guid}/remove-passkeys", RemoveAllAsync)
            .WithName("RemoveEmployeePasskeys")
            .WithSummary("Removes every passkey of an employee (a lost device): audited, the employee is told by email and " +
                         "signs in with the password again. Operators only on admin accounts")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> RemoveAllAsync(
        Guid id, HttpContext context, HarmonyDbContext db, EmployeePasskeys passkeys, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await EmployeeEndpoints.FindAccessibleAsync(db, caller, id, cancellationToken);
        if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await EmployeeEndpoints.RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;

        var removed = await passkeys.RemoveAllAsync(user, AuditReasons.ByAdmin, caller.Actor, notify: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return removed > 0 ? Outcome(changed: true, AdminApiTexts.PasskeysRemoved) : Outcome(changed: false, AdminApiTexts.NoPasskeys);
    }
}
