using Harmony.Identity.Contracts.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using static Harmony.Identity.Server.Features.AdminApi.AdminEndpointConventions;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Edits an employee's profile (issue 12 item 6): display name, employee number (unique in the company) and the language
/// of their emails. The address has its own endpoint, because changing it voids what the old one received (decision
/// 0010). On an admin account this is for operators only, as its other changes are: the history names people by their
/// current name, so renaming another admin would rewrite who appears to have done what (decision 0022).
/// </summary>
public static class EmployeeProfileEndpoints
{
    public static RouteGroupBuilder MapEmployeeProfileEndpoints(this RouteGroupBuilder api)
    {
        api.AdminGroup("/employees", "Employees")
            .MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateEmployee")
            .WithSummary("Edits an employee's name, employee number (unique in the company) and email language, audited with " +
                         "each value before and after. Operators only on admin accounts")
            .Validated<UpdateEmployeeRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<ActionResult>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateEmployeeRequest request, HttpContext context, HarmonyDbContext db, EmployeeProfiles profiles, CancellationToken cancellationToken)
    {
        var caller = AdminApiExtensions.Caller(context);
        var user = await EmployeeEndpoints.FindAccessibleAsync(db, caller, id, cancellationToken);
        if (user is null) return NotFound(AdminApiTexts.EmployeeNotFound);
        if (await EmployeeEndpoints.RefuseOnAdminAccountAsync(db, caller, id, cancellationToken) is { } refused) return refused;

        var profile = new EmployeeProfile(request.EmployeeNumber!.Trim(), request.DisplayName!.Trim(), SupportedCultures.OfTag(request.Locale!.Trim()));
        return await profiles.UpdateAsync(user, profile, caller.Actor, cancellationToken) switch
        {
            ProfileChangeStatus.Changed => Outcome(changed: true, AdminApiTexts.ProfileUpdated),
            ProfileChangeStatus.Unchanged => Outcome(changed: false, AdminApiTexts.ProfileUnchanged),
            _ => Conflict(AdminApiTexts.EmployeeNumberTaken),
        };
    }
}
